package org.kmodel.thp.linux;

import java.util.List;
import org.kmodel.api.knob.ChoiceKnob;
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
 * promotion mechanism did, so the kernel owns them. {@code /sys/kernel/kmodel/khugepaged_collapse}
 * chooses between 2.6.38's collapse rule and today's.
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

  /** 2.6.38's collapse rule ({@code legacy}) or today's ({@code modern}). */
  static final String COLLAPSE_RULE = "/sys/kernel/kmodel/khugepaged_collapse";

  static final List<String> RULES = List.of("legacy", "modern");

  final ChoiceKnob defrag;
  final ChoiceKnob collapseRule;
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
   * Registers every file, for huge pages of {@code hpagePmdOrder} over pages of {@code 1 <<
   * pageShift}.
   */
  ThpSysfs(Knobs knobs, int pageShift, int hpagePmdOrder) {
    long hpagePmdNr = 1L << hpagePmdOrder;
    enabled = knobs.register(new ChoiceKnob(DIR + "enabled", ENABLED, "always"));
    defrag = knobs.register(new ChoiceKnob(DIR + "defrag", DEFRAG, "madvise"));
    useZeroPage = knobs.register(new LongKnob(DIR + "use_zero_page", 0, 1, 1));
    shrinkUnderused = knobs.register(new LongKnob(DIR + "shrink_underused", 0, 1, 1));
    perSize = new ChoiceKnob[hpagePmdOrder + 1];
    for (int order = MIN_ORDER; order <= hpagePmdOrder; order++) {
      String dir = DIR + "hugepages-" + ((1L << (pageShift + order)) >> 10) + "kB/";
      perSize[order] =
          knobs.register(
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
    maxPtesSwap =
        knobs.register(
            new LongKnob(khugepaged + "max_ptes_swap", 0, hpagePmdNr - 1, hpagePmdNr / 8));
    maxPtesShared =
        knobs.register(
            new LongKnob(khugepaged + "max_ptes_shared", 0, hpagePmdNr - 1, hpagePmdNr / 2));
    khugepagedDefrag = knobs.register(new LongKnob(khugepaged + "defrag", 0, 1, 1));
    collapseRule = knobs.register(new ChoiceKnob(COLLAPSE_RULE, RULES, "modern"));
  }

  boolean legacyCollapse() {
    return collapseRule.index() == 0;
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
