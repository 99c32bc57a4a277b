package org.kmodel.api.arch;

import java.util.List;
import java.util.Map;

/**
 * A named set of CPU parameters the cost model charges simulated time with: TLBs, paging-structure
 * caches, data caches, memory, and the kernel's fault and copy costs. Profiles are read from {@code
 * conf/cpu/NAME.yaml}; an {@link Architecture} adapts one to what its MMU can hold ({@link
 * Architecture#fitProfile}).
 *
 * @param name the profile's name, e.g. {@code westmere}
 * @param arch the architecture it describes, as {@link Architecture#machine()} prints it
 * @param description one line for people
 * @param clockGhz core clock, to turn cycle counts into time
 * @param tlbs the TLB arrays, first level first; an access looks up the level-1 arrays holding its
 *     page size, then the level-2 ones
 * @param walkCache entries of the paging-structure cache per page-table level name (e.g. {@code
 *     PMD: 32} caches 32 PMD entries that point to PTE tables); a level absent here is not cached
 * @param walkStartCycles cycles from a last-level TLB miss to the walker's first reference
 * @param l1d the first-level data cache
 * @param l2 the second-level cache
 * @param llc the last-level cache
 * @param memory DRAM
 * @param fault the kernel's page-fault and page-clearing costs
 */
public record CpuProfile(
    String name,
    String arch,
    String description,
    double clockGhz,
    List<TlbSpec> tlbs,
    Map<String, Integer> walkCache,
    int walkStartCycles,
    CacheSpec l1d,
    CacheSpec l2,
    CacheSpec llc,
    MemorySpec memory,
    FaultSpec fault) {

  public CpuProfile {
    tlbs = List.copyOf(tlbs);
    walkCache = Map.copyOf(walkCache);
    if (clockGhz <= 0) {
      throw new IllegalArgumentException("clock_ghz must be positive");
    }
    if (walkStartCycles < 0) {
      throw new IllegalArgumentException("walk_start_cycles cannot be negative");
    }
    if (l1d.bytes() > l2.bytes() || l2.bytes() > llc.bytes()) {
      throw new IllegalArgumentException("caches must grow from l1d to l2 to llc");
    }
  }

  /** The same profile with other TLB arrays and walk caches (what an architecture keeps). */
  public CpuProfile withTranslation(List<TlbSpec> tlbs, Map<String, Integer> walkCache) {
    return new CpuProfile(
        name,
        arch,
        description,
        clockGhz,
        tlbs,
        walkCache,
        walkStartCycles,
        l1d,
        l2,
        llc,
        memory,
        fault);
  }

  /** Nanoseconds of {@code cycles} at this profile's clock. */
  public double nanos(double cycles) {
    return cycles / clockGhz;
  }

  /**
   * One TLB array.
   *
   * @param name for reports, e.g. {@code L1 DTLB 4K}
   * @param level 1 or 2
   * @param orders page orders it holds (0 = base pages)
   * @param entries entries
   * @param ways associativity ({@code entries} for fully associative)
   * @param hitCycles extra cycles of a hit at this level over a level-1 hit (0 at level 1)
   */
  public record TlbSpec(
      String name, int level, List<Integer> orders, int entries, int ways, int hitCycles) {
    public TlbSpec {
      orders = List.copyOf(orders);
      if (level < 1 || level > 2) {
        throw new IllegalArgumentException("TLB " + name + ": level must be 1 or 2");
      }
      if (orders.isEmpty()) {
        throw new IllegalArgumentException("TLB " + name + " holds no page size");
      }
      if (entries <= 0 || ways <= 0 || entries % ways != 0) {
        throw new IllegalArgumentException(
            "TLB " + name + ": entries must be a positive multiple of ways");
      }
      if (hitCycles < 0) {
        throw new IllegalArgumentException("TLB " + name + ": hit cycles cannot be negative");
      }
    }
  }

  /**
   * One data-cache level.
   *
   * @param bytes capacity
   * @param latencyCycles load-to-use latency of a hit
   * @param bandwidthGbs sustained single-core store bandwidth into lines held at this level
   */
  public record CacheSpec(long bytes, int latencyCycles, double bandwidthGbs) {
    public CacheSpec {
      if (bytes <= 0 || latencyCycles <= 0 || bandwidthGbs <= 0) {
        throw new IllegalArgumentException("cache size, latency and bandwidth must be positive");
      }
    }
  }

  /**
   * DRAM.
   *
   * @param latencyNs load-to-use latency of a line that misses every cache
   * @param bandwidthGbs sustained single-core store (memset) bandwidth to memory
   * @param copyGbs sustained single-core copy bandwidth (bytes copied per second)
   */
  public record MemorySpec(double latencyNs, double bandwidthGbs, double copyGbs) {
    public MemorySpec {
      if (latencyNs <= 0 || bandwidthGbs <= 0 || copyGbs <= 0) {
        throw new IllegalArgumentException("memory latency and bandwidths must be positive");
      }
    }
  }

  /**
   * The kernel's side of a fault.
   *
   * @param fixedNs a base-page fault without the clearing: exception entry and return, the fault
   *     handler, page allocation, rmap and LRU insertion
   * @param hugeFixedNs the same for a huge-page fault (an order-9 allocation and a deposited page
   *     table)
   * @param clearGbs bandwidth of {@code clear_page} into memory not in any cache
   * @param swapInUs one page read back from the swap device
   */
  public record FaultSpec(double fixedNs, double hugeFixedNs, double clearGbs, double swapInUs) {
    public FaultSpec {
      if (fixedNs < 0 || hugeFixedNs < 0 || clearGbs <= 0 || swapInUs < 0) {
        throw new IllegalArgumentException("fault costs must not be negative");
      }
    }
  }
}
