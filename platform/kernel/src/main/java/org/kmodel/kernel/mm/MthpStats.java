package org.kmodel.kernel.mm;

import java.util.Arrays;
import java.util.function.IntToLongFunction;
import org.kmodel.api.knob.ReadOnlyKnob;
import org.kmodel.kernel.knob.KnobTree;

/**
 * Linux's per-size THP statistics (6.8+, extended through 6.13): for every order a transparent
 * folio may have, the files under {@code
 * /sys/kernel/mm/transparent_hugepage/hugepages-<size>kB/stats/}, the field list of Linux 6.13's
 * {@code Documentation/admin-guide/mm/transhuge.rst}. They count PMD-sized folios too, beside
 * vmstat's {@code thp_*} events; smaller folios appear only here, as on Linux. Events are held in
 * one array and incremented without lookups; the two {@code nr_anon*} files are gauges read from
 * the frame table and the deferred-split queue.
 *
 * <p>Files the model has but never counts, because what they count is not modelled: {@code
 * anon_fault_fallback_charge}, {@code swpin_fallback_charge} and {@code shmem_fallback_charge} (no
 * memory cgroups refuse a charge), {@code zswpout} (no zswap), {@code shmem_alloc} and {@code
 * shmem_fallback} (no shmem). {@code swpin} and {@code swpin_fallback} count large folios read from
 * swap whole, or refused that, where the swap-in path does so. {@code split_failed} is kept beside
 * vmstat's {@code thp_split_page_failed}: the model's split cannot fail (no page holds an extra
 * reference across it), so both stay 0.
 */
final class MthpStats {
  private static final String DIR = "/sys/kernel/mm/transparent_hugepage/";
  private static final String[] EVENTS = {
    "anon_fault_alloc",
    "anon_fault_fallback",
    "swpout",
    "swpout_fallback",
    "split",
    "split_failed",
    "split_deferred",
    "anon_fault_fallback_charge",
    "zswpout",
    "swpin",
    "swpin_fallback",
    "swpin_fallback_charge",
    "shmem_alloc",
    "shmem_fallback",
    "shmem_fallback_charge"
  };
  private static final int FAULT_ALLOC = 0;
  private static final int FAULT_FALLBACK = 1;
  private static final int SWPOUT = 2;
  private static final int SWPOUT_FALLBACK = 3;
  private static final int SPLIT = 4;
  private static final int SPLIT_DEFERRED = 6;
  private static final int SWPIN = 9;
  private static final int SWPIN_FALLBACK = 10;

  private final long[][] counts = new long[EVENTS.length][64];
  private Object owner;

  /**
   * Registers the files for every order in {@code orders} (a bit mask) of a machine with {@code
   * pageShift}, the gauges reading {@code anon} (large anonymous folios of an order) and {@code
   * partiallyMapped} (those of an order queued for deferred split); the files of a previous machine
   * go.
   */
  void register(
      KnobTree knobs,
      long orders,
      int pageShift,
      IntToLongFunction anon,
      IntToLongFunction partiallyMapped) {
    if (owner != null) {
      knobs.removeOwner(owner);
    }
    owner = new Object();
    for (long[] c : counts) {
      Arrays.fill(c, 0);
    }
    for (int order = 0; order < 64; order++) {
      if ((orders & (1L << order)) == 0) {
        continue;
      }
      String dir = DIR + directory(pageShift, order) + "/stats/";
      int o = order;
      for (int s = 0; s < EVENTS.length; s++) {
        long[] row = counts[s];
        knobs.register(owner, new ReadOnlyKnob(dir + EVENTS[s], () -> Long.toString(row[o])));
      }
      knobs.register(
          owner, new ReadOnlyKnob(dir + "nr_anon", () -> Long.toString(anon.applyAsLong(o))));
      knobs.register(
          owner,
          new ReadOnlyKnob(
              dir + "nr_anon_partially_mapped",
              () -> Long.toString(partiallyMapped.applyAsLong(o))));
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

  /** A large folio went to swap whole ({@code count_swpout_vm_event}). */
  void swpout(int order) {
    counts[SWPOUT][order]++;
  }

  /** No swap run was free for a large folio, so it is split and its pages go out one by one. */
  void swpoutFallback(int order) {
    counts[SWPOUT_FALLBACK][order]++;
  }

  /** A large folio of {@code order} was read from swap whole ({@code do_swap_page}). */
  void swpin(int order) {
    counts[SWPIN][order]++;
  }

  /** A large folio of {@code order} could not be read from swap whole; base pages were. */
  void swpinFallback(int order) {
    counts[SWPIN_FALLBACK][order]++;
  }

  /** {@code split_huge_page} of a folio of {@code order} succeeded. */
  void split(int order) {
    counts[SPLIT][order]++;
  }

  /** A folio became partially mapped and was queued for deferred split. */
  void splitDeferred(int order) {
    counts[SPLIT_DEFERRED][order]++;
  }
}
