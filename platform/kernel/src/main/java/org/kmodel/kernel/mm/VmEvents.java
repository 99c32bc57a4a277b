package org.kmodel.kernel.mm;

import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;

/**
 * The memory manager's vmstat event counters, held as fields so hot paths increment them without a
 * lookup. THP counters exist only on architectures with PMD huge pages, as on Linux; they are Linux
 * 6.13's list ({@code mm/vmstat.c}). Some are there and stay 0 because what they count is not
 * modelled: {@code thp_fault_fallback_charge} (no memory cgroups), {@code thp_file_alloc}, {@code
 * thp_file_fallback}, {@code thp_file_fallback_charge} and {@code thp_file_mapped} (no file-backed
 * THP), {@code thp_split_pud} (no PUD-mapped THP), {@code thp_migration_success}, {@code
 * thp_migration_fail} and {@code thp_migration_split} (compaction migrates base pages only).
 */
final class VmEvents {
  final Counter pswpin;
  final Counter pswpout;
  final Counter pgfault;
  final Counter pgmajfault;
  Counter thpFaultAlloc;
  Counter thpFaultFallback;
  Counter thpCollapseAlloc;
  Counter thpCollapseAllocFailed;
  Counter thpSplitPage;
  Counter thpSplitPageFailed;
  Counter thpDeferredSplitPage;
  Counter thpSplitPmd;
  Counter thpZeroPageAlloc;
  Counter thpZeroPageAllocFailed;
  Counter thpSwpout;
  Counter thpSwpoutFallback;
  final Counter oomKill;
  final Counter follPinAcquired;
  final Counter follPinReleased;

  VmEvents(Counters c) {
    pswpin = c.counter("pswpin");
    pswpout = c.counter("pswpout");
    pgfault = c.counter("pgfault");
    pgmajfault = c.counter("pgmajfault");
    oomKill = c.counter("oom_kill");
    follPinAcquired = c.counter("nr_foll_pin_acquired");
    follPinReleased = c.counter("nr_foll_pin_released");
  }

  /** Registers the THP counters (once an architecture with huge pages is attached). */
  void enableThp(Counters c) {
    if (thpFaultAlloc != null) {
      return;
    }
    thpFaultAlloc = c.counter("thp_fault_alloc");
    thpFaultFallback = c.counter("thp_fault_fallback");
    c.counter("thp_fault_fallback_charge");
    thpCollapseAlloc = c.counter("thp_collapse_alloc");
    thpCollapseAllocFailed = c.counter("thp_collapse_alloc_failed");
    c.counter("thp_file_alloc");
    c.counter("thp_file_fallback");
    c.counter("thp_file_fallback_charge");
    c.counter("thp_file_mapped");
    thpSplitPage = c.counter("thp_split_page");
    thpSplitPageFailed = c.counter("thp_split_page_failed");
    thpDeferredSplitPage = c.counter("thp_deferred_split_page");
    // Linux's underused-THP shrinker and khugepaged rules count these; they live in thp-linux,
    // the place in vmstat here, whichever policy runs.
    c.counter("thp_underused_split_page");
    thpSplitPmd = c.counter("thp_split_pmd");
    c.counter("thp_scan_exceed_none_pte");
    c.counter("thp_scan_exceed_swap_pte");
    c.counter("thp_scan_exceed_share_pte");
    c.counter("thp_split_pud");
    thpZeroPageAlloc = c.counter("thp_zero_page_alloc");
    thpZeroPageAllocFailed = c.counter("thp_zero_page_alloc_failed");
    thpSwpout = c.counter("thp_swpout");
    thpSwpoutFallback = c.counter("thp_swpout_fallback");
    c.counter("thp_migration_success");
    c.counter("thp_migration_fail");
    c.counter("thp_migration_split");
  }
}
