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
 */
public record RunOptions(long slotWaitMillis, List<String> show, boolean randomSchedule) {
  public RunOptions {
    show = List.copyOf(show);
  }

  public static RunOptions defaults() {
    return new RunOptions(0, List.of(), false);
  }

  public RunOptions withSlotWait(long millis) {
    return new RunOptions(millis, show, randomSchedule);
  }

  public RunOptions withShow(List<String> files) {
    return new RunOptions(slotWaitMillis, files, randomSchedule);
  }
}
