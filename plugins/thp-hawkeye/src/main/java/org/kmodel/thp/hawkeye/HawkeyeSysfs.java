package org.kmodel.thp.hawkeye;

import java.util.List;
import java.util.function.LongSupplier;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.knob.ReadOnlyKnob;

/**
 * The files of {@code /sys/kernel/mm/hawkeye/}: the policy's tunables and its read-only counts.
 *
 * <p>Defaults, and where they come from (HawkEye: Panwar, Bansal, Gopinath, ASPLOS'19):
 *
 * <ul>
 *   <li>{@code enabled} {@code always}: HawkEye allocates huge pages at fault whenever it can, as
 *       Linux's {@code always} does, and relies on bloat recovery rather than on faulting base
 *       pages.
 *   <li>{@code scan_sleep_millisecs} 10000 and {@code promotions_per_pass} 8: HawkEye promotes from
 *       khugepaged, whose default pass is 4096 base pages (8 huge ranges) every 10 s; keeping
 *       Linux's rate makes a comparison with Linux measure the order of promotion, not its speed.
 *   <li>{@code prezero_per_pass} 32 and {@code prezero_target} 128 blocks: the paper zeroes free
 *       pages in a rate-limited background thread so that zeroing does not compete with the
 *       application for memory bandwidth; 64 MiB per 10 s pass on x86-64 is a small share of it.
 *       The pool stays free memory (the kernel gives it back under pressure), so its size bounds
 *       only the background work done ahead of faults.
 *   <li>{@code bloat_high_watermark} 85 and {@code bloat_low_watermark} 70 (percent of memory in
 *       use): the paper's bloat recovery starts at a high watermark of memory use and stops at a
 *       low one; these are the model's values for the two.
 *   <li>{@code bloat_zero_threshold} one eighth of a huge page (64 base pages on x86-64): a huge
 *       page is demoted only when freeing its zero-filled pages gives back at least that share of
 *       it, so that nearly full huge pages keep their TLB reach; candidates are taken most zeros
 *       first, so the threshold only decides what is never worth splitting.
 * </ul>
 */
final class HawkeyeSysfs {
  static final String DIR = "/sys/kernel/mm/hawkeye/";

  static final List<String> ENABLED = List.of("always", "madvise", "never");
  static final int ENABLED_ALWAYS = 0;
  static final int ENABLED_MADVISE = 1;
  static final int ENABLED_NEVER = 2;

  /** Counts and budgets are parsed as {@code kstrtouint} parses them. */
  private static final long UINT_MAX = 0xffff_ffffL;

  final ChoiceKnob enabled;
  final LongKnob scanSleepMillisecs;
  final LongKnob promotionsPerPass;
  final LongKnob prezeroTarget;
  final LongKnob prezeroPerPass;
  final LongKnob bloatHighWatermark;
  final LongKnob bloatLowWatermark;
  final LongKnob bloatZeroThreshold;

  /** Registers every file, for huge pages of {@code hpagePmdNr} base pages. */
  HawkeyeSysfs(Knobs knobs, int hpagePmdNr, Stats stats) {
    enabled = knobs.register(new ChoiceKnob(DIR + "enabled", ENABLED, "always"));
    scanSleepMillisecs =
        knobs.register(new LongKnob(DIR + "scan_sleep_millisecs", 0, UINT_MAX, 10_000));
    promotionsPerPass = knobs.register(new LongKnob(DIR + "promotions_per_pass", 0, UINT_MAX, 8));
    prezeroTarget = knobs.register(new LongKnob(DIR + "prezero_target", 0, UINT_MAX, 128));
    prezeroPerPass = knobs.register(new LongKnob(DIR + "prezero_per_pass", 0, UINT_MAX, 32));
    bloatHighWatermark = knobs.register(new LongKnob(DIR + "bloat_high_watermark", 0, 100, 85));
    bloatLowWatermark = knobs.register(new LongKnob(DIR + "bloat_low_watermark", 0, 100, 70));
    bloatZeroThreshold =
        knobs.register(new LongKnob(DIR + "bloat_zero_threshold", 1, hpagePmdNr, hpagePmdNr / 8));
    readOnly(knobs, "promoted", stats::promoted);
    readOnly(knobs, "demoted", stats::demoted);
    readOnly(knobs, "bloat_freed_pages", stats::bloatFreedPages);
    readOnly(knobs, "prezeroed", stats::prezeroed);
  }

  private static void readOnly(Knobs knobs, String name, LongSupplier value) {
    knobs.register(new ReadOnlyKnob(DIR + name, () -> Long.toString(value.getAsLong())));
  }
}
