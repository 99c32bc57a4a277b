package org.kmodel.kernel.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The discrete-event engine: one simulation thread, simulated time, tasks of guarded atomic steps.
 *
 * <p>Each iteration calls the boundary hook (where the kernel applies queued plugin swaps and
 * checks invariants), collects the tasks whose next step is enabled — awake and guard true — and
 * lets the scheduler pick one. When no step is enabled but a task sleeps, the clock jumps to the
 * earliest wake-up. The run is deadlocked when no step is enabled and nothing sleeps while a
 * non-daemon task is unfinished, or when the non-daemon tasks stay blocked on their guards for
 * {@link #STUCK_LIMIT_NANOS} of simulated time while only kernel threads run.
 */
public final class Engine {

  /** Called between two steps, on the simulation thread. */
  public interface BoundaryHook {
    /**
     * @param next the step about to run (already chosen)
     * @return false to stop the run before {@code next} runs
     */
    boolean beforeStep(Task task, SimStep next);
  }

  /** Told about every step after it ran (timelines, traces). */
  public interface StepListener {
    void ran(Task task, SimStep step);
  }

  /** How a run ended. */
  public enum Outcome {
    COMPLETED,
    STOPPED,
    DEADLOCK
  }

  /** Simulated time the foreground may stay blocked while only daemons run: one day. */
  public static final long STUCK_LIMIT_NANOS = 86_400_000_000_000L;

  private final SimClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private final List<Task> enabled = new ArrayList<>();
  private Scheduler scheduler = Scheduler.inOrder();
  private BoundaryHook hook = (task, next) -> true;
  private StepListener listener = (task, step) -> {};
  private long steps;

  public Engine(SimClock clock) {
    this.clock = clock;
  }

  public SimClock clock() {
    return clock;
  }

  public void setScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public void setBoundaryHook(BoundaryHook hook) {
    this.hook = hook;
  }

  public void setStepListener(StepListener listener) {
    this.listener = listener;
  }

  /** Adds a task; it becomes eligible at the next iteration. */
  public void spawn(Task task) {
    tasks.add(task);
  }

  public List<Task> tasks() {
    return List.copyOf(tasks);
  }

  /** Steps run so far. */
  public long stepsRun() {
    return steps;
  }

  /** Runs until every non-daemon task has finished, the hook stops the run, or a deadlock. */
  public Outcome run() {
    long stuckSince = -1;
    while (true) {
      if (!anyLiveForegroundTask()) {
        return Outcome.COMPLETED;
      }
      collectEnabled();
      if (foregroundCanProgress()) {
        stuckSince = -1;
      } else if (stuckSince < 0) {
        stuckSince = clock.nowNanos();
      } else if (clock.nowNanos() - stuckSince > STUCK_LIMIT_NANOS) {
        return Outcome.DEADLOCK;
      }
      if (enabled.isEmpty()) {
        long wake = earliestWake();
        if (wake == Long.MAX_VALUE) {
          return Outcome.DEADLOCK;
        }
        clock.advanceTo(wake);
        continue;
      }
      int pick = enabled.size() == 1 ? 0 : scheduler.choose(List.copyOf(enabled));
      Task task = enabled.get(pick);
      SimStep step = task.peek();
      if (!hook.beforeStep(task, step)) {
        return Outcome.STOPPED;
      }
      scheduler.running(task, step);
      step.run();
      steps++;
      listener.ran(task, step);
      task.advance();
    }
  }

  /**
   * The unfinished non-daemon tasks that could not run at the last check (for deadlock reports).
   */
  public List<Task> blockedForegroundTasks() {
    List<Task> blocked = new ArrayList<>();
    for (Task t : tasks) {
      if (!t.daemon() && !t.finished()) {
        blocked.add(t);
      }
    }
    return blocked;
  }

  private boolean anyLiveForegroundTask() {
    for (Task t : tasks) {
      if (!t.daemon() && t.peek() != null) {
        return true;
      }
    }
    return false;
  }

  private boolean foregroundCanProgress() {
    long now = clock.nowNanos();
    for (Task t : tasks) {
      if (!t.daemon() && t.peek() != null && (t.wakeAt() > now || enabled.contains(t))) {
        return true;
      }
    }
    return false;
  }

  private void collectEnabled() {
    enabled.clear();
    long now = clock.nowNanos();
    for (Task t : tasks) {
      SimStep s = t.peek();
      if (s != null && t.wakeAt() <= now && s.ready()) {
        enabled.add(t);
      }
    }
  }

  private long earliestWake() {
    long now = clock.nowNanos();
    long best = Long.MAX_VALUE;
    for (Task t : tasks) {
      SimStep s = t.peek();
      if (s != null && t.wakeAt() > now && t.wakeAt() < best) {
        best = t.wakeAt();
      }
    }
    return best;
  }
}
