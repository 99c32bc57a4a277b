package org.kmodel.thp.ingens;

import java.util.List;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.knob.ReadOnlyKnob;

/**
 * The files of {@code /sys/kernel/mm/ingens/}: the policy's tunables with their defaults, and two
 * read-only statistics. Why each default is what it is, is said at its constant; docs/POLICIES.md
 * repeats it for users.
 *
 * <p>The Ingens prototype kept its files under {@code transparent_hugepage/ingens/}; the model
 * gives the policy a directory of its own so that its files never shadow Linux's when the two
 * policies are swapped in one run.
 */
final class IngensSysfs {
  static final String DIR = "/sys/kernel/mm/ingens/";

  static final List<String> ENABLED = List.of("always", "madvise", "never");
  static final int ENABLED_ALWAYS = 0;
  static final int ENABLED_MADVISE = 1;
  static final int ENABLED_NEVER = 2;

  /**
   * Ingens' utilisation threshold: a 2M range is promoted once 90% of it is in use (Kwon et al.,
   * OSDI'16).
   */
  static final long DEFAULT_UTIL_THRESHOLD = 90;

  /**
   * Ingens treats memory as fragmented when the free memory fragmentation index (FMFI, Gorman's
   * unusable free space index) is above 0.5, in thousandths here.
   */
  static final long DEFAULT_FMFI_THRESHOLD = 500;

  /**
   * Weight an idle huge page carries beyond an active one, in percent: Ingens adapts the idle
   * memory tax of VMware ESX (Waldspurger, OSDI'02) so that idle huge pages count against their
   * process. The model charges half a huge page more for each idle one, between ESX's pure shares
   * (0) and its default tax of 75% (an idle page costing four times an active one).
   */
  static final long DEFAULT_IDLE_PENALTY = 50;

  /**
   * Promotions per pass: as many PMD ranges as Linux's khugepaged scans per pass by default ({@code
   * pages_to_scan} 4096 = 8 × 512), the scanner Ingens' promotion thread is built from.
   */
  static final long DEFAULT_PROMOTIONS_PER_PASS = 8;

  /**
   * Sleep between passes, each of which samples the accessed bits: one second, ten times as often
   * as khugepaged's 10 s, so that idleness is measured over about a second of the workload.
   */
  static final long DEFAULT_SCAN_SLEEP_MILLISECS = 1000;

  /** The tunables are parsed as {@code kstrtouint} parses them. */
  private static final long UINT_MAX = 0xffff_ffffL;

  final ChoiceKnob enabled;
  final LongKnob utilThreshold;
  final LongKnob fmfiThreshold;
  final LongKnob idlePenalty;
  final LongKnob promotionsPerPass;
  final LongKnob scanSleepMillisecs;

  /** Ranges promoted since the policy attached. */
  long promoted;

  /** Promotions the kernel refused (no free huge block, a pinned page, ...). */
  long promoteFailed;

  IngensSysfs(Knobs knobs) {
    enabled = knobs.register(new ChoiceKnob(DIR + "enabled", ENABLED, "always"));
    utilThreshold =
        knobs.register(new LongKnob(DIR + "util_threshold", 1, 100, DEFAULT_UTIL_THRESHOLD));
    fmfiThreshold =
        knobs.register(new LongKnob(DIR + "fmfi_threshold", 0, 1000, DEFAULT_FMFI_THRESHOLD));
    idlePenalty = knobs.register(new LongKnob(DIR + "idle_penalty", 0, 1000, DEFAULT_IDLE_PENALTY));
    promotionsPerPass =
        knobs.register(
            new LongKnob(DIR + "promotions_per_pass", 1, UINT_MAX, DEFAULT_PROMOTIONS_PER_PASS));
    scanSleepMillisecs =
        knobs.register(
            new LongKnob(DIR + "scan_sleep_millisecs", 0, UINT_MAX, DEFAULT_SCAN_SLEEP_MILLISECS));
    knobs.register(new ReadOnlyKnob(DIR + "stats/promoted", () -> Long.toString(promoted)));
    knobs.register(
        new ReadOnlyKnob(DIR + "stats/promote_failed", () -> Long.toString(promoteFailed)));
  }
}
