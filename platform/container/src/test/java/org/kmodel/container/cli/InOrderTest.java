package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link InOrder}: results in job order, cut where a loop would have stopped. */
class InOrderTest {

  @Test
  void resultsComeInJobOrderWhateverOrderTheJobsFinishIn() {
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch lastDone = new CountDownLatch(1);
    List<Integer> results =
        InOrder.run(
            4,
            4,
            i -> {
              if (i != 3) {
                await(lastDone);
              }
              return i * 10;
            },
            r -> false,
            (r, i) -> {
              finished.add(i);
              if (i == 3) {
                lastDone.countDown();
              }
            });
    assertEquals(List.of(0, 10, 20, 30), results);
    assertEquals(3, finished.get(0), "job 3 finished first: " + finished);
    assertEquals(Set.of(0, 1, 2, 3), Set.copyOf(finished));
  }

  @Test
  void oneThreadRunsOnTheCallersThreadAndNothingAfterTheFirstStop() {
    List<Integer> ran = new ArrayList<>();
    Thread caller = Thread.currentThread();
    List<Integer> results =
        InOrder.run(
            1,
            5,
            i -> {
              assertSame(caller, Thread.currentThread());
              ran.add(i);
              return i;
            },
            r -> r == 2,
            (r, i) -> {});
    assertEquals(List.of(0, 1, 2), results);
    assertEquals(List.of(0, 1, 2), ran);
  }

  @Test
  void theFirstStopInJobOrderWinsOverOneThatFinishedEarlier() {
    CountDownLatch laterStopped = new CountDownLatch(1);
    List<String> results =
        InOrder.run(
            2,
            6,
            i -> {
              if (i == 0) {
                await(laterStopped);
                return "stop 0";
              }
              return i == 1 ? "stop 1" : "ok " + i;
            },
            r -> r.startsWith("stop"),
            (r, i) -> {
              if (i == 1) {
                laterStopped.countDown();
              }
            });
    assertEquals(List.of("stop 0"), results);
  }

  @Test
  void noJobIsStartedOnceAStopIsRecorded() {
    Set<Integer> started = ConcurrentHashMap.newKeySet();
    CountDownLatch stopRecorded = new CountDownLatch(1);
    List<Integer> results =
        InOrder.run(
            3,
            100,
            i -> {
              started.add(i);
              if (i > 10) {
                await(stopRecorded);
              }
              return i;
            },
            r -> r == 10,
            (r, i) -> {
              if (i == 10) {
                stopRecorded.countDown();
              }
            });
    assertEquals(11, results.size());
    assertEquals(10, results.get(10));
    // The other two threads may each have taken one job past the stop before it was recorded.
    assertTrue(started.stream().allMatch(i -> i <= 12), started.toString());
  }

  @Test
  void aJobThatThrowsIsRethrownInItsPlaceAndLaterResultsAreDropped() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<Integer> done = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                InOrder.run(
                    2,
                    4,
                    i -> {
                      if (i == 1) {
                        throw boom;
                      }
                      return i;
                    },
                    r -> false,
                    (r, i) -> done.add(i)));
    assertSame(boom, thrown);
    assertTrue(!done.contains(1), done.toString());
  }

  @Test
  void aStopBeforeTheThrowingJobIsReturnedNotTheThrow() {
    List<Integer> results =
        InOrder.run(
            1,
            3,
            i -> {
              if (i == 2) {
                throw new IllegalStateException("not reached in a loop");
              }
              return i;
            },
            r -> r == 1,
            (r, i) -> {});
    assertEquals(List.of(0, 1), results);
  }

  @Test
  void noJobsGiveNoResults() {
    assertEquals(List.of(), InOrder.run(4, 0, i -> i, r -> true, (r, i) -> {}));
  }

  @Test
  void fewerThanOneThreadIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> InOrder.run(0, 1, i -> i, r -> false, (r, i) -> {}));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
