package org.kmodel.kernel.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class EngineTest {
  private final SimClock clock = new SimClock();
  private final Engine engine = new Engine(clock);
  private final List<String> trace = new ArrayList<>();

  /** A task running a fixed list of steps. */
  private final class Script extends Task {
    private final List<SimStep> steps;
    private int next;

    Script(String name, boolean daemon, List<SimStep> steps) {
      super(name, daemon);
      this.steps = steps;
    }

    @Override
    protected SimStep nextStep() {
      return next < steps.size() ? steps.get(next++) : null;
    }
  }

  private SimStep step(String label) {
    return guarded(label, () -> true, () -> {});
  }

  private SimStep guarded(String label, BooleanSupplier guard, Runnable effect) {
    return new SimStep() {
      @Override
      public boolean ready() {
        return guard.getAsBoolean();
      }

      @Override
      public void run() {
        trace.add(label + "@" + clock.nowNanos());
        effect.run();
      }

      @Override
      public String describe() {
        return label;
      }
    };
  }

  @Test
  void inOrderRunsTheFirstTaskToCompletionBeforeTheSecond() {
    engine.spawn(new Script("a", false, List.of(step("a1"), step("a2"))));
    engine.spawn(new Script("b", false, List.of(step("b1"))));
    assertEquals(Engine.Outcome.COMPLETED, engine.run());
    assertEquals(List.of("a1@0", "a2@0", "b1@0"), trace);
    assertEquals(3, engine.stepsRun());
  }

  @Test
  void aStepWhoseGuardFailsWaitsForAnotherTaskToMakeItTrue() {
    boolean[] reservationsDrained = {false};
    engine.spawn(
        new Script(
            "relocate",
            false,
            List.of(
                step("set-ro"),
                guarded("wait-reservations", () -> reservationsDrained[0], () -> {}))));
    engine.spawn(
        new Script(
            "writer",
            false,
            List.of(guarded("drop", () -> true, () -> reservationsDrained[0] = true))));
    assertEquals(Engine.Outcome.COMPLETED, engine.run());
    assertEquals(List.of("set-ro@0", "drop@0", "wait-reservations@0"), trace);
  }

  @Test
  void whenEveryTaskSleepsTheClockJumpsToTheEarliestWakeUp() {
    Script[] self = new Script[1];
    self[0] =
        new Script(
            "sleeper",
            false,
            List.of(
                guarded("nap", () -> true, () -> self[0].sleepUntil(clock.nowNanos() + 5_000)),
                step("woke")));
    engine.spawn(self[0]);
    engine.run();
    assertEquals(List.of("nap@0", "woke@5000"), trace);
  }

  @Test
  void daemonsRunWhileTheForegroundSleepsButDoNotKeepTheRunAlive() {
    Script[] fg = new Script[1];
    fg[0] =
        new Script(
            "fg",
            false,
            List.of(guarded("sleep", () -> true, () -> fg[0].sleepUntil(10)), step("done")));
    Task daemon =
        new Task("khugepaged", true) {
          @Override
          protected SimStep nextStep() {
            return guarded("scan", () -> true, () -> sleepUntil(clock.nowNanos() + 4));
          }
        };
    engine.spawn(fg[0]);
    engine.spawn(daemon);
    assertEquals(Engine.Outcome.COMPLETED, engine.run());
    assertEquals(List.of("sleep@0", "scan@0", "scan@4", "scan@8", "done@10"), trace);
  }

  @Test
  void aGuardNothingCanSatisfyIsADeadlock() {
    engine.spawn(new Script("stuck", false, List.of(guarded("never", () -> false, () -> {}))));
    assertEquals(Engine.Outcome.DEADLOCK, engine.run());
    assertEquals(List.of(), trace);
  }

  @Test
  void aForegroundBlockedWhileOnlyADaemonRunsIsReportedAfterTheStuckLimit() {
    engine.spawn(new Script("stuck", false, List.of(guarded("never", () -> false, () -> {}))));
    engine.spawn(
        new Task("kthread", true) {
          @Override
          protected SimStep nextStep() {
            return guarded(
                "tick", () -> true, () -> sleepUntil(clock.nowNanos() + 60_000_000_000L));
          }
        });
    assertEquals(Engine.Outcome.DEADLOCK, engine.run());
  }

  @Test
  void theSeededRandomSchedulerIsReproducibleAndExploresOtherOrders() {
    List<String> first = interleaving(42);
    assertEquals(first, interleaving(42));
    boolean differs = false;
    for (long seed = 0; seed < 20 && !differs; seed++) {
      differs = !interleaving(seed).equals(first);
    }
    assertEquals(true, differs);
  }

  private List<String> interleaving(long seed) {
    SimClock c = new SimClock();
    Engine e = new Engine(c);
    List<String> out = new ArrayList<>();
    for (String name : List.of("x", "y", "z")) {
      List<SimStep> steps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String label = name + i;
        steps.add(
            new SimStep() {
              @Override
              public void run() {
                out.add(label);
              }

              @Override
              public String describe() {
                return label;
              }
            });
      }
      e.spawn(new Script(name, false, steps));
    }
    e.setScheduler(Scheduler.seededRandom(seed));
    e.run();
    return out;
  }

  @Test
  void theBoundaryHookSeesEveryStepAndCanStopTheRun() {
    engine.spawn(new Script("a", false, List.of(step("a1"), step("a2"), step("a3"))));
    List<String> seen = new ArrayList<>();
    engine.setBoundaryHook(
        (task, next) -> {
          seen.add(next.describe());
          return seen.size() < 2;
        });
    assertEquals(Engine.Outcome.STOPPED, engine.run());
    assertEquals(List.of("a1", "a2"), seen);
    assertEquals(List.of("a1@0"), trace);
  }
}
