package org.kmodel.kernel.run;

import java.util.List;

/**
 * How a scenario runs.
 *
 * @param slotWaitMillis wall-clock time a run paused on an empty required slot waits for a bundle
 *     to fill it (hot deployment) before it fails
 * @param show files to print after the run, e.g. {@code /proc/vmstat} or a knob path
 * @param randomSchedule whether concurrent tasks interleave by seeded random choice instead of in
 *     order
 * @param debugVm whether the invariant checker (the model's CONFIG_DEBUG_VM) runs after every step
 * @param maxSteps the most steps a run may take, its tasks' and kernel threads' together, before it
 *     stops with exit code 3
 * @param maxSimulatedNanos the most simulated time a run may reach before it stops with exit code 3
 */
public record RunOptions(
    long slotWaitMillis,
    List<String> show,
    boolean randomSchedule,
    boolean debugVm,
    long maxSteps,
    long maxSimulatedNanos) {

  /**
   * A hundred thousand steps: the shipped scenarios take at most a hundred, and khugepaged's
   * wake-ups through a sleep of 250 hours take about 90 000 (some 30 s of wall time).
   */
  public static final long DEFAULT_MAX_STEPS = 100_000L;

  /** A simulated year. */
  public static final long DEFAULT_MAX_SIMULATED_NANOS = 365L * 24 * 3600 * 1_000_000_000L;

  public RunOptions {
    show = List.copyOf(show);
    if (maxSteps < 1 || maxSimulatedNanos < 1) {
      throw new IllegalArgumentException("a run's budgets must be positive");
    }
  }

  /** The default budgets. */
  public RunOptions(
      long slotWaitMillis, List<String> show, boolean randomSchedule, boolean debugVm) {
    this(
        slotWaitMillis,
        show,
        randomSchedule,
        debugVm,
        DEFAULT_MAX_STEPS,
        DEFAULT_MAX_SIMULATED_NANOS);
  }

  /** These options with other budgets. */
  public RunOptions withBudget(long steps, long simulatedNanos) {
    return new RunOptions(slotWaitMillis, show, randomSchedule, debugVm, steps, simulatedNanos);
  }

  /** No slot wait, nothing shown, in-order scheduling, the invariant checker on. */
  public static RunOptions defaults() {
    return new RunOptions(0, List.of(), false, true);
  }

  public RunOptions withSlotWait(long millis) {
    return new RunOptions(millis, show, randomSchedule, debugVm, maxSteps, maxSimulatedNanos);
  }

  public RunOptions withDebugVm(boolean on) {
    return new RunOptions(slotWaitMillis, show, randomSchedule, on, maxSteps, maxSimulatedNanos);
  }
}
