package org.kmodel.kernel.mm;

import org.kmodel.api.knob.ReadOnlyKnob;
import org.kmodel.kernel.knob.KnobTree;

/**
 * Linux's per-size THP statistics (6.8+): for every order a transparent folio may have, the files
 * {@code /sys/kernel/mm/transparent_hugepage/hugepages-<size>kB/stats/anon_fault_alloc} and {@code
 * anon_fault_fallback}. They count PMD-sized faults too, beside vmstat's {@code thp_fault_alloc};
 * smaller folios appear only here, as on Linux. Held in one array, incremented without lookups.
 */
final class MthpStats {
  private static final String DIR = "/sys/kernel/mm/transparent_hugepage/";
  private static final String[] NAMES = {"anon_fault_alloc", "anon_fault_fallback"};
  private static final int FAULT_ALLOC = 0;
  private static final int FAULT_FALLBACK = 1;

  private final long[][] counts = new long[NAMES.length][64];
  private Object owner;

  /**
   * Registers the files for every order in {@code orders} (a bit mask) of a machine with {@code
   * pageShift}; the files of a previous machine go.
   */
  void register(KnobTree knobs, long orders, int pageShift) {
    if (owner != null) {
      knobs.removeOwner(owner);
    }
    owner = new Object();
    for (long[] c : counts) {
      java.util.Arrays.fill(c, 0);
    }
    for (int order = 0; order < 64; order++) {
      if ((orders & (1L << order)) == 0) {
        continue;
      }
      String dir = DIR + directory(pageShift, order) + "/stats/";
      for (int s = 0; s < NAMES.length; s++) {
        long[] row = counts[s];
        int o = order;
        knobs.register(owner, new ReadOnlyKnob(dir + NAMES[s], () -> Long.toString(row[o])));
      }
    }
  }

  /** The directory of one size, e.g. {@code hugepages-64kB} (Linux names sizes in kB). */
  static String directory(int pageShift, int order) {
    return "hugepages-" + ((1L << (pageShift + order)) >> 10) + "kB";
  }

  void faultAlloc(int order) {
    counts[FAULT_ALLOC][order]++;
  }

  void faultFallback(int order) {
    counts[FAULT_FALLBACK][order]++;
  }
}
