package org.kmodel.kernel.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kmodel.api.fs.Footprint;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;

/**
 * Partial-order reduction and bounded search on small programs over shared cells: each task runs a
 * list of operations, {@code r c} (read cell c into the task's accumulator), {@code w c} (write the
 * accumulator plus the task's number to c), {@code a c} (wait until c is not zero) and {@code s c}
 * (sleep), each one step that declares the cell it reads or writes. A run reports the cells it
 * ended with as a finding, so the set of findings is the set of reachable final states.
 */
class ReductionTest {

  private static Execution program(List<List<String>> tasks) {
    return (prefix, steer) -> {
      int[] cells = new int[4];
      int[] acc = new int[tasks.size()];
      int[] pc = new int[tasks.size()];
      SimClock clock = new SimClock();
      Engine engine = new Engine(clock);
      List<TraceEntry> trace = new ArrayList<>();
      ReplayScheduler scheduler =
          new ReplayScheduler(
              prefix,
              () -> Arrays.hashCode(cells) * 31L + Arrays.hashCode(acc) * 17L + Arrays.hashCode(pc),
              steer);
      engine.setScheduler(scheduler);
      engine.setStepListener((t, s) -> trace.add(new TraceEntry(t.name(), s.describe())));
      for (int n = 0; n < tasks.size(); n++) {
        int id = n;
        List<String> ops = tasks.get(n);
        engine.spawn(
            new Task("T" + id, false) {
              private final Task self = this;

              @Override
              protected SimStep nextStep() {
                if (pc[id] == ops.size()) {
                  return null;
                }
                String op = ops.get(pc[id]);
                int c = op.charAt(2) - '0';
                String cell = "c" + c;
                return new SimStep() {
                  @Override
                  public boolean ready() {
                    return op.charAt(0) != 'a' || cells[c] != 0;
                  }

                  @Override
                  public void run() {
                    switch (op.charAt(0)) {
                      case 'r' -> acc[id] = acc[id] * 31 + cells[c];
                      case 'w' -> cells[c] = acc[id] + id + 1;
                      case 's' -> self.sleepUntil(clock.nowNanos() + 10L * (c + 1));
                      default -> {}
                    }
                    pc[id]++;
                  }

                  @Override
                  public String describe() {
                    return op;
                  }

                  @Override
                  public Footprint footprint() {
                    return switch (op.charAt(0)) {
                      case 'w' -> Footprint.of(Set.of(), Set.of(cell));
                      case 's' -> Footprint.EVERYTHING;
                      default -> Footprint.of(Set.of(cell), Set.of());
                    };
                  }
                };
              }
            });
      }
      Engine.Outcome end = engine.run();
      String state = end + " " + Arrays.toString(cells);
      return new Execution.Outcome(
          scheduler.points(),
          List.of(new Execution.Finding("invariant", "ended " + state, state)),
          trace,
          state.hashCode(),
          scheduler.events());
    };
  }

  private static Set<String> ends(Explorer.Report r) {
    Set<String> out = new TreeSet<>();
    r.groups().forEach(g -> out.add(g.pattern()));
    return out;
  }

  @Test
  void independentTasksRunOnce() {
    Execution p = program(List.of(List.of("w 0", "w 0"), List.of("w 1", "w 1"), List.of("w 2")));
    Explorer.Report plain = new Explorer(p).explore(true, 100_000);
    Explorer.Report reduced = new Explorer(p).explore(true, 100_000, Explorer.Mode.REDUCED);
    assertTrue(reduced.exhausted());
    assertEquals(1, reduced.executions());
    assertTrue(plain.executions() > 1, "" + plain.executions());
    assertEquals(ends(plain), ends(reduced));
  }

  @Test
  void aLostUpdateIsStillFound() {
    List<String> inc = List.of("r 0", "w 0");
    Execution p = program(List.of(inc, inc, inc));
    Explorer.Report plain = new Explorer(p).explore(true, 100_000);
    Explorer.Report reduced = new Explorer(p).explore(true, 100_000, Explorer.Mode.REDUCED);
    assertEquals(ends(plain), ends(reduced));
    assertTrue(ends(reduced).size() > 1, "" + ends(reduced));
  }

  /** Random programs: the reduction reaches every final state the plain search reaches. */
  @Test
  void randomProgramsReachTheSameFinalStates() {
    long[] runs = compareRandomPrograms(new String[] {"r", "w", "w", "a"}, 60);
    assertTrue(runs[1] < runs[0], runs[1] + " vs " + runs[0]);
  }

  /**
   * With sleeps ({@code s c}: sleep 10(c+1) ns, a step that conflicts with all), simulated time
   * decides which tasks can run; the final states are still those of the plain search.
   */
  @Test
  void randomProgramsThatSleepReachTheSameFinalStates() {
    compareRandomPrograms(new String[] {"r", "w", "w", "a", "s"}, 150);
  }

  /** Plain and reduced runs over {@code trials} random programs, asserting the same ends. */
  private static long[] compareRandomPrograms(String[] kinds, int trials) {
    SplittableRandom random = new SplittableRandom(14);
    long[] runs = new long[2];
    for (int trial = 0; trial < trials; trial++) {
      List<List<String>> tasks = new ArrayList<>();
      int n = 2 + random.nextInt(3);
      for (int t = 0; t < n; t++) {
        List<String> ops = new ArrayList<>();
        int len = 1 + random.nextInt(3);
        for (int k = 0; k < len; k++) {
          ops.add(kinds[random.nextInt(kinds.length)] + " " + random.nextInt(3));
        }
        tasks.add(ops);
      }
      Execution p = program(tasks);
      Explorer.Report plain = new Explorer(p).explore(true, 1_000_000);
      Explorer.Report reduced = new Explorer(p).explore(true, 1_000_000, Explorer.Mode.REDUCED);
      assertTrue(reduced.exhausted());
      assertEquals(ends(plain), ends(reduced), tasks.toString());
      runs[0] += plain.executions();
      runs[1] += reduced.executions();
    }
    return runs;
  }

  /**
   * With no preemption, two two-step tasks run one after the other (A A B B or B B A A: choosing
   * the first task to run preempts nothing), which never loses an update; one preemption finds it.
   * Under the reduction the bound applies to the choices the races ask for, so A A B B alone stands
   * for both orders.
   */
  @Test
  void aPreemptionBoundLimitsTheSearchAndSaysSo() {
    List<String> inc = List.of("r 0", "w 0");
    Execution p = program(List.of(inc, inc));
    for (Explorer.Mode none :
        List.of(
            new Explorer.Mode(false, 0, Integer.MAX_VALUE),
            new Explorer.Mode(true, 0, Integer.MAX_VALUE))) {
      Explorer.Report r = new Explorer(p).explore(true, 1000, none);
      assertEquals(none.reduction() ? 1 : 2, r.executions(), "" + none);
      assertEquals(Set.of("COMPLETED [3, 0, 0, 0]"), ends(r));
      assertFalse(r.exhausted());
      assertEquals("at most 0 preemptions", r.bound());
    }
    Explorer.Report one =
        new Explorer(p).explore(true, 1000, new Explorer.Mode(false, 1, Integer.MAX_VALUE));
    assertTrue(ends(one).contains("COMPLETED [1, 0, 0, 0]"), "" + ends(one));
    assertNull(new Explorer(p).explore(true, 1000).bound());
  }

  @Test
  void aDepthBoundVariesOnlyTheFirstSteps() {
    List<String> inc = List.of("r 0", "w 0");
    Execution p = program(List.of(inc, inc));
    Explorer.Report r =
        new Explorer(p).explore(true, 1000, new Explorer.Mode(false, Integer.MAX_VALUE, 1));
    assertEquals(2, r.executions());
    assertEquals("choices only in the first 1 steps", r.bound());
    assertFalse(r.exhausted());
  }
}
