package org.kmodel.thp.linux;

import java.util.List;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.PluginContext;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.knob.ReadOnlyKnob;
import org.kmodel.api.thp.KhugepagedTuning;

/**
 * The files of {@code /sys/kernel/mm/transparent_hugepage/} that the THP policy owns, with the
 * kernel's defaults and write limits ({@code mm/huge_memory.c}, {@code mm/khugepaged.c}).
 *
 * <p>Linux derives the khugepaged defaults and the {@code max_ptes_*} limits from {@code
 * HPAGE_PMD_NR}; so does this class, from the architecture's THP order, so that a port with another
 * PMD size (arm64 with 64 KiB pages: 8192 PTEs per PMD) gets the numbers its kernel would print
 * rather than x86-64's.
 *
 * <p>Multi-size THP (6.8): one {@code hugepages-<size>kB/enabled} file per order from 2 up to the
 * PMD order, taking {@code always}, {@code inherit} (follow the top-level {@code enabled}), {@code
 * madvise} or {@code never}; the PMD size starts at {@code inherit}, the others at {@code never},
 * so that a kernel behaves as before until someone enables a smaller size. {@code
 * khugepaged/pages_collapsed} and {@code full_scans} are not here: they count what the kernel's
 * promotion mechanism did, so the kernel owns them.
 *
 * <p>A file the modelled release does not have ({@link PluginContext#kernelVersion()}) is not
 * registered, and the policy reads the value that release behaved as: {@code use_zero_page} (3.8+)
 * as 0, {@code max_ptes_swap} (4.8+, with khugepaged's swap-in) and {@code max_ptes_shared} (5.8+)
 * as 0, {@code shrink_underused} (6.12+) as 0, and {@code hugepages-<size>kB/enabled} (6.8+) as
 * {@code inherit} for the PMD size and {@code never} for the others.
 */
final class ThpSysfs {
  static final String DIR = "/sys/kernel/mm/transparent_hugepage/";

  static final List<String> ENABLED = List.of("always", "madvise", "never");
  static final int ENABLED_ALWAYS = 0;
  static final int ENABLED_MADVISE = 1;

  static final List<String> PER_SIZE = List.of("always", "inherit", "madvise", "never");
  static final int PER_SIZE_ALWAYS = 0;
  static final int PER_SIZE_INHERIT = 1;
  static final int PER_SIZE_MADVISE = 2;

  /** The smallest order Linux allows for an anonymous transparent folio. */
  static final int MIN_ORDER = 2;

  static final List<String> DEFRAG =
      List.of("always", "defer", "defer+madvise", "madvise", "never");
  static final int DEFRAG_ALWAYS = 0;
  static final int DEFRAG_DEFER = 1;
  static final int DEFRAG_DEFER_MADVISE = 2;
  static final int DEFRAG_MADVISE = 3;

  /** The khugepaged tunables are parsed with {@code kstrtouint}. */
  private static final long UINT_MAX = 0xffff_ffffL;

  final ChoiceKnob enabled;

  /** {@code hugepages-<size>kB/enabled} by order; null below {@link #MIN_ORDER}. */
  final ChoiceKnob[] perSize;

  final ChoiceKnob defrag;
  final LongKnob useZeroPage;

  /** 6.12's switch for the underused-THP shrinker; Linux also takes y/n, the model 1/0. */
  final LongKnob shrinkUnderused;

  private final LongKnob pagesToScan;
  private final LongKnob scanSleepMillisecs;
  private final LongKnob allocSleepMillisecs;
  private final LongKnob maxPtesNone;
  private final LongKnob maxPtesSwap;
  private final LongKnob maxPtesShared;
  private final LongKnob khugepagedDefrag;

  /**
   * Registers every file {@code release} has, for huge pages of {@code hpagePmdOrder} over pages of
   * {@code 1 << pageShift}.
   */
  ThpSysfs(Knobs knobs, KernelVersion release, int pageShift, int hpagePmdOrder) {
    long hpagePmdNr = 1L << hpagePmdOrder;
    enabled = knobs.register(new ChoiceKnob(DIR + "enabled", ENABLED, "always"));
    defrag = knobs.register(new ChoiceKnob(DIR + "defrag", DEFRAG, "madvise"));
    boolean hugeZeroPage = release.atLeast(3, 8);
    useZeroPage =
        register(
            knobs, hugeZeroPage, new LongKnob(DIR + "use_zero_page", 0, 1, hugeZeroPage ? 1 : 0));
    boolean underused = release.atLeast(6, 12);
    shrinkUnderused =
        register(knobs, underused, new LongKnob(DIR + "shrink_underused", 0, 1, underused ? 1 : 0));
    boolean multiSize = release.atLeast(6, 8);
    perSize = new ChoiceKnob[hpagePmdOrder + 1];
    for (int order = MIN_ORDER; order <= hpagePmdOrder; order++) {
      String dir = DIR + "hugepages-" + ((1L << (pageShift + order)) >> 10) + "kB/";
      perSize[order] =
          register(
              knobs,
              multiSize,
              new ChoiceKnob(
                  dir + "enabled", PER_SIZE, order == hpagePmdOrder ? "inherit" : "never"));
    }
    String hpagePmdSize = Long.toString(1L << (pageShift + hpagePmdOrder));
    knobs.register(new ReadOnlyKnob(DIR + "hpage_pmd_size", () -> hpagePmdSize));

    String khugepaged = DIR + "khugepaged/";
    pagesToScan =
        knobs.register(new LongKnob(khugepaged + "pages_to_scan", 1, UINT_MAX, hpagePmdNr * 8));
    scanSleepMillisecs =
        knobs.register(new LongKnob(khugepaged + "scan_sleep_millisecs", 0, UINT_MAX, 10_000));
    allocSleepMillisecs =
        knobs.register(new LongKnob(khugepaged + "alloc_sleep_millisecs", 0, UINT_MAX, 60_000));
    maxPtesNone =
        knobs.register(
            new LongKnob(khugepaged + "max_ptes_none", 0, hpagePmdNr - 1, hpagePmdNr - 1));
    boolean swapIn = release.atLeast(4, 8);
    maxPtesSwap =
        register(
            knobs,
            swapIn,
            new LongKnob(
                khugepaged + "max_ptes_swap", 0, hpagePmdNr - 1, swapIn ? hpagePmdNr / 8 : 0));
    boolean shared = release.atLeast(5, 8);
    maxPtesShared =
        register(
            knobs,
            shared,
            new LongKnob(
                khugepaged + "max_ptes_shared", 0, hpagePmdNr - 1, shared ? hpagePmdNr / 2 : 0));
    khugepagedDefrag = knobs.register(new LongKnob(khugepaged + "defrag", 0, 1, 1));
  }

  /** {@code knob}, registered when the release has the file; else only read, at its default. */
  private static <K extends Knob> K register(Knobs knobs, boolean exists, K knob) {
    return exists ? knobs.register(knob) : knob;
  }

  /** The khugepaged files as one value; {@code pages_to_scan} above {@code INT_MAX} saturates. */
  KhugepagedTuning khugepagedTuning() {
    return KhugepagedTuning.builder()
        .pagesToScan(pagesToScan.get())
        .scanSleepMillis(scanSleepMillisecs.get())
        .allocSleepMillis(allocSleepMillisecs.get())
        .maxPtesNone((int) maxPtesNone.get())
        .maxPtesSwap((int) maxPtesSwap.get())
        .maxPtesShared((int) maxPtesShared.get())
        .defrag(khugepagedDefrag.get() == 1)
        .build();
  }
}
