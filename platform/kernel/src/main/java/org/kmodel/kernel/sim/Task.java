package org.kmodel.kernel.sim;

/**
 * A simulated thread of control: a process's scenario steps, khugepaged, writeback, a relocation. A
 * task yields its steps one at a time; the engine asks for the next one only after the previous one
 * ran, so a task may decide its next step from the state the last one left.
 *
 * <p>A daemon task (a kernel thread) never keeps a run alive: the run ends when every non-daemon
 * task has finished.
 */
public abstract class Task {
  private final String name;
  private final boolean daemon;
  private SimStep current;
  private boolean started;
  private boolean finished;
  private long wakeAt;
  private long stepsRun;

  protected Task(String name, boolean daemon) {
    this.name = name;
    this.daemon = daemon;
  }

  /** The step after the one that just ran (or the first), or {@code null} when the task is done. */
  protected abstract SimStep nextStep();

  public final String name() {
    return name;
  }

  public final boolean daemon() {
    return daemon;
  }

  public final boolean finished() {
    return finished;
  }

  /** Simulated time before which the task does not run. */
  public final long wakeAt() {
    return wakeAt;
  }

  /** Puts the task to sleep until the given simulated time (called from one of its steps). */
  public final void sleepUntil(long when) {
    wakeAt = when;
  }

  /** Ends the task now: its remaining steps never run. */
  public final void finish() {
    finished = true;
    current = null;
  }

  /** The step the task would run next, or {@code null} when it is finished. */
  public final SimStep peek() {
    if (!started) {
      started = true;
      advance();
    }
    return current;
  }

  /** Steps of this task that have run. */
  public final long stepsRun() {
    return stepsRun;
  }

  final void advance() {
    if (finished) {
      return;
    }
    if (started && current != null) {
      stepsRun++;
    }
    current = nextStep();
    if (current == null) {
      finished = true;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
