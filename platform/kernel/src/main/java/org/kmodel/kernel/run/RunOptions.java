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
 */
public record RunOptions(
    long slotWaitMillis, List<String> show, boolean randomSchedule, boolean debugVm) {
  public RunOptions {
    show = List.copyOf(show);
  }

  /** No slot wait, nothing shown, in-order scheduling, the invariant checker on. */
  public static RunOptions defaults() {
    return new RunOptions(0, List.of(), false, true);
  }

  public RunOptions withSlotWait(long millis) {
    return new RunOptions(millis, show, randomSchedule, debugVm);
  }

  public RunOptions withDebugVm(boolean on) {
    return new RunOptions(slotWaitMillis, show, randomSchedule, on);
  }
}
