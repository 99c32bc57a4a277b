package org.kmodel.thp.hawkeye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.thp.hawkeye.PromotionQueue.Candidate;

/** Buckets by access coverage, and the order of promotion within and across processes. */
class PromotionQueueTest {
  private static final int PAGES = 512;
  private static final long M = 1L << 20;

  private final PromotionQueue queue = new PromotionQueue(PAGES);

  private static List<String> names(List<Candidate> order) {
    return order.stream().map(c -> "p" + c.process() + "@" + (c.start() / M) + "M").toList();
  }

  private void add(int process, long startMiB, int coverage) {
    queue.add(new Candidate(process, startMiB * M, coverage, 0));
  }

  @Test
  void tenBucketsOfAboutFiftyOnePages() {
    assertEquals(0, PromotionQueue.bucket(1, PAGES));
    assertEquals(0, PromotionQueue.bucket(51, PAGES));
    assertEquals(1, PromotionQueue.bucket(52, PAGES));
    assertEquals(5, PromotionQueue.bucket(256, PAGES));
    assertEquals(9, PromotionQueue.bucket(461, PAGES));
    assertEquals(9, PromotionQueue.bucket(PAGES, PAGES), "a fully covered range is in the top one");
  }

  @Test
  void aProcessesHottestBucketGoesFirstAndABucketInAddressOrder() {
    int p = queue.addProcess(100, 1000);
    add(p, 0, 60);
    add(p, 2, 500);
    add(p, 4, 300);
    add(p, 6, 470);
    add(p, 8, 1);
    assertEquals(List.of("p0@2M", "p0@6M", "p0@4M", "p0@0M", "p0@8M"), names(queue.order()));
  }

  @Test
  void theProcessWithTheHighestMmuOverheadGoesFirstWhateverItsCoverage() {
    int cool = queue.addProcess(900, 9000);
    int hot = queue.addProcess(400, 1000);
    add(cool, 0, PAGES);
    add(hot, 0, 10);
    add(hot, 2, 200);
    assertEquals(List.of("p1@2M", "p1@0M", "p0@0M"), names(queue.order()));
  }

  @Test
  void overheadIsAShareOfAccessTimeNotAnAmount() {
    int big = queue.addProcess(1_000_000, 10_000_000);
    int small = queue.addProcess(50, 100);
    add(big, 0, PAGES);
    add(small, 0, PAGES);
    assertEquals(List.of("p1@0M", "p0@0M"), names(queue.order()));
  }

  @Test
  void anIdleProcessComesAfterOnesThatMeasuredSomething() {
    int idle = queue.addProcess(0, 0);
    int busy = queue.addProcess(1, 1000);
    add(idle, 0, PAGES);
    add(busy, 0, 1);
    assertEquals(List.of("p1@0M", "p0@0M"), names(queue.order()));
  }

  @Test
  void withoutMeasurementsTheHottestBucketOfAllGoesFirstProcessesTakingTurns() {
    int a = queue.addProcess(0, 0);
    int b = queue.addProcess(0, 0);
    add(a, 0, 500);
    add(a, 2, 480);
    add(a, 4, 470);
    add(b, 10, 300);
    add(b, 12, 490);
    assertEquals(
        List.of("p0@0M", "p1@12M", "p0@2M", "p0@4M", "p1@10M"),
        names(queue.order()),
        "HawkEye-G: bucket 9 of both processes in turns, then bucket 5");
  }

  @Test
  void aCandidateOfAnUnknownProcessIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> add(0, 0, 1));
  }
}
