package org.kmodel.kernel.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;

/** The explorer on a lost-update race: two tasks increment a shared counter. */
class ExplorerTest {

  /** Two incrementers; non-atomic ones read in one step and write in the next. */
  private static Execution incrementers(boolean atomic) {
    return incrementers(atomic, List.of("A", "B"));
  }

  private static Execution incrementers(boolean atomic, List<String> tasks) {
    return (prefix, steer) -> {
      int[] counter = {0};
      Engine engine = new Engine(new SimClock());
      List<TraceEntry> trace = new ArrayList<>();
      ReplayScheduler scheduler = new ReplayScheduler(prefix, () -> counter[0], steer);
      engine.setScheduler(scheduler);
      engine.setStepListener((t, s) -> trace.add(new TraceEntry(t.name(), s.describe())));
      for (String name : tasks) {
        engine.spawn(
            new Task(name, false) {
              private int done;
              private int seen;

              @Override
              protected SimStep nextStep() {
                if (done == (atomic ? 1 : 2)) {
                  return null;
                }
                int phase = done++;
                return step(
                    atomic ? "counter++" : phase == 0 ? "read counter" : "write counter + 1",
                    () -> {
                      if (atomic) {
                        counter[0]++;
                      } else if (phase == 0) {
                        seen = counter[0];
                      } else {
                        counter[0] = seen + 1;
                      }
                    });
              }
            });
      }
      engine.run();
      List<String> violations =
          counter[0] == tasks.size() ? List.of() : List.of("lost update: counter is " + counter[0]);
      return new Execution.Outcome(
          scheduler.points(),
          violations.stream().map(v -> new Execution.Finding("invariant", v)).toList(),
          trace,
          counter[0],
          scheduler.events());
    };
  }

  private static SimStep step(String label, Runnable r) {
    return new SimStep() {
      @Override
      public void run() {
        r.run();
      }

      @Override
      public String describe() {
        return label;
      }
    };
  }

  @Test
  void findsTheLostUpdateAndItsTokenReplaysIt() {
    Explorer.Report report = new Explorer(incrementers(false)).explore(false, 1000);
    assertTrue(report.found());
    Explorer.Violation v = report.violations().get(0);
    assertEquals(List.of("lost update: counter is 1"), v.messages());
    int[] choices = ReplayToken.decode(v.token());
    Execution.Outcome again = incrementers(false).run(choices);
    assertEquals(v.messages(), again.violations());
    assertEquals(v.trace(), again.trace());
    String timeline = Timeline.render(v.trace());
    assertTrue(timeline.contains("read counter"), timeline);
  }

  @Test
  void withAtomicIncrementsEveryInterleavingIsCoveredAndNoneFails() {
    Explorer.Report report = new Explorer(incrementers(true)).explore(true, 1000);
    assertFalse(report.found());
    assertTrue(report.exhausted());
    assertEquals(2, report.executions());
  }

  @Test
  void exploringAllCountsEveryInterleavingOfTheRacyVersion() {
    Explorer.Report report = new Explorer(incrementers(false)).explore(true, 1000);
    assertTrue(report.exhausted());
    assertTrue(report.executions() >= 2 && report.executions() <= 6, "" + report.executions());
  }

  @Test
  void runningAheadOnHelpersGivesTheSequentialReport() {
    List<String> tasks = List.of("A", "B", "C", "D");
    for (boolean all : new boolean[] {false, true}) {
      for (long max : new long[] {1, 7, 40, 100_000}) {
        Explorer.Report alone = new Explorer(incrementers(false, tasks)).explore(all, max);
        Explorer.Report helped =
            new Explorer(
                    incrementers(false, tasks),
                    List.of(incrementers(false, tasks), incrementers(false, tasks)),
                    0,
                    java.util.Map.of())
                .explore(all, max);
        assertEquals(alone, helped, "all=" + all + " max=" + max);
      }
    }
    Explorer.Report whole = new Explorer(incrementers(false, tasks)).explore(true, 100_000);
    assertTrue(whole.exhausted());
    assertTrue(whole.executions() > 20, "a tree worth sharing: " + whole.executions());
  }

  @Test
  void tokensRoundTripWithTheirScenariosFingerprint() {
    int[] choices = {0, 1, 35, 2};
    assertArrayEquals(choices, ReplayToken.decode(ReplayToken.encode(choices)));
    int fp = ReplayToken.fingerprint(0x1234_5678_9abcL);
    String token = ReplayToken.encode(choices, fp);
    assertTrue(token.startsWith("i2-"), token);
    assertEquals(fp, ReplayToken.read(token).fingerprint());
    assertArrayEquals(choices, ReplayToken.read(token).choices());
    assertEquals(-1, ReplayToken.read(ReplayToken.encode(choices)).fingerprint());
    IllegalArgumentException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ReplayToken.read("i2-\u001b[31m"));
    assertFalse(bad.getMessage().contains("\u001b"), bad.getMessage());
  }

  /**
   * Two non-atomic incrementers, A and B, each "read counter" then "write counter + 1"; a choice
   * state is the counter and each enabled task's next step. Depth-first, first task first:
   *
   * <ol>
   *   <li>A A B B: counter 2; choice states s0 (read, read) and s1 (write, read) are new.
   *   <li>A B A B (prefix 0 1): new state s2 (write, write) after A and B read; counter 1.
   *   <li>A B B A (prefix 0 1 1): counter 1.
   *   <li>B A .. (prefix 1): new state s3 (read, write), then s2 again — pruned; A B: counter 1.
   *   <li>B B A A (prefix 1 1): counter 2.
   * </ol>
   *
   * Five executions, one pruned, four choice states, final counters 2 and 1, four steps each, and
   * one lost update met by three executions.
   */
  @Test
  void theSummaryCountsExecutionsStatesDepthAndCoverage() {
    Explorer.Report r = new Explorer(incrementers(false)).explore(true, 1000);
    assertTrue(r.exhausted());
    assertEquals(5, r.executions());
    assertEquals(1, r.pruned());
    assertEquals(4, r.choicePoints());
    assertEquals(2, r.finalStates());
    assertEquals(4, r.maxDepth());
    assertEquals(1, r.groups().size());
    Explorer.Group g = r.groups().get(0);
    assertEquals("invariant", g.kind());
    assertEquals("lost update: counter is #", g.pattern());
    assertEquals(1, g.instances());
    assertEquals(3, g.executions());
    assertEquals(4, g.shortest().trace().size());
    List<Explorer.StepCount> steps =
        List.of(
            new Explorer.StepCount("read counter", 5),
            new Explorer.StepCount("write counter + #", 5));
    assertEquals(
        List.of(
            new Explorer.TaskCoverage("A", steps, List.of()),
            new Explorer.TaskCoverage("B", steps, List.of())),
        r.coverage());
  }

  /** With three incrementers a lost update leaves 1 or 2: two messages, one group. */
  @Test
  void messagesThatDifferInNumbersAreOneGroup() {
    Explorer.Report r =
        new Explorer(incrementers(false, List.of("A", "B", "C"))).explore(true, 100_000);
    assertEquals(2, r.violations().size());
    assertEquals(1, r.groups().size());
    assertEquals(2, r.groups().get(0).instances());
    assertEquals("lost update: counter is #", r.groups().get(0).pattern());
  }

  @Test
  void patternsAbstractNumbersButNotLocationsOrNames() {
    assertEquals(
        "f1.yaml:3:5: read of f1 at offset #: unable to find logical # len #",
        Explorer.pattern(
            "f1.yaml:3:5: read of f1 at offset 0: unable to find logical 0x1f len 4096"));
  }

  /** Steps planned for a task that no execution reached are listed as never run. */
  @Test
  void plannedStepsNoExecutionRanAreListed() {
    Explorer.Report r =
        new Explorer(incrementers(true), List.of(), 0, java.util.Map.of("A", List.of("x 1:1")))
            .explore(true, 1000);
    assertEquals(List.of("x 1:1"), r.coverage().get(0).neverRun());
  }
}
