package org.kmodel.kernel.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the cost model counted over a span of a run (a phase, or the whole run): events and the
 * simulated nanoseconds charged to each kind of work.
 *
 * @param accesses CPU accesses ({@code touch}) and memset pages ({@code fill}) translated
 * @param tlbL1Misses lookups that missed every level-1 TLB array
 * @param tlbL2Misses of those, lookups that also missed the level-2 TLB (or found no level-2 array
 *     for their page size): each is a page walk
 * @param walkRefs memory references the walks make architecturally: per walk, the levels to the
 *     leaf natively, (g + 1)(h + 1) − 1 under nested paging
 * @param walkMemRefs references left after the paging-structure caches, each charged at the data
 *     cache level that holds its page-table line
 * @param faultsBase page faults that ended in a PTE mapping (a base page or a PTE-mapped folio)
 * @param faultsHuge page faults that ended in a PMD-mapped huge page
 * @param faultNanos fixed fault overhead (exception, handler, allocation)
 * @param clearNanos clearing fresh pages
 * @param copyNanos copying pages (copy-on-write, collapse, compaction)
 * @param memsetNanos bulk writes ({@code fill}) at the bandwidth of where the lines were
 * @param accessNanos data accesses at the latency of where the line was
 * @param tlbNanos level-2 TLB hits and page walks
 * @param swapNanos reading pages back from swap
 * @param backgroundNanos work done by kernel threads (khugepaged), not charged to the clock
 */
public record PhaseCosts(
    long accesses,
    long tlbL1Misses,
    long tlbL2Misses,
    long walkRefs,
    long walkMemRefs,
    long faultsBase,
    long faultsHuge,
    long faultNanos,
    long clearNanos,
    long copyNanos,
    long memsetNanos,
    long accessNanos,
    long tlbNanos,
    long swapNanos,
    long backgroundNanos) {

  public static final PhaseCosts ZERO = new PhaseCosts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counts between {@code earlier} and this. */
  public PhaseCosts minus(PhaseCosts earlier) {
    return new PhaseCosts(
        accesses - earlier.accesses,
        tlbL1Misses - earlier.tlbL1Misses,
        tlbL2Misses - earlier.tlbL2Misses,
        walkRefs - earlier.walkRefs,
        walkMemRefs - earlier.walkMemRefs,
        faultsBase - earlier.faultsBase,
        faultsHuge - earlier.faultsHuge,
        faultNanos - earlier.faultNanos,
        clearNanos - earlier.clearNanos,
        copyNanos - earlier.copyNanos,
        memsetNanos - earlier.memsetNanos,
        accessNanos - earlier.accessNanos,
        tlbNanos - earlier.tlbNanos,
        swapNanos - earlier.swapNanos,
        backgroundNanos - earlier.backgroundNanos);
  }

  /** Architectural walk references per walk, 0 without walks. */
  public double walkRefsPerWalk() {
    return tlbL2Misses == 0 ? 0 : (double) walkRefs / tlbL2Misses;
  }

  /** Every figure under the name reports use, in a stable order. */
  public Map<String, Long> figures() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("accesses", accesses);
    m.put("tlb_l1_misses", tlbL1Misses);
    m.put("tlb_l2_misses", tlbL2Misses);
    m.put("walk_refs", walkRefs);
    m.put("walk_mem_refs", walkMemRefs);
    m.put("faults_base", faultsBase);
    m.put("faults_huge", faultsHuge);
    m.put("fault_ns", faultNanos);
    m.put("clear_ns", clearNanos);
    m.put("copy_ns", copyNanos);
    m.put("memset_ns", memsetNanos);
    m.put("access_ns", accessNanos);
    m.put("tlb_ns", tlbNanos);
    m.put("swap_ns", swapNanos);
    m.put("background_ns", backgroundNanos);
    return m;
  }
}
