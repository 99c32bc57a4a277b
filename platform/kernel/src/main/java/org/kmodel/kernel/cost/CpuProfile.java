package org.kmodel.kernel.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * A named set of CPU parameters the cost model charges simulated time with: TLBs, paging-structure
 * caches, data caches, memory, and the kernel's fault and copy costs. Profiles are read from {@code
 * conf/cpu/NAME.yaml}, an architecture bundle's own profiles, or those built into the kernel; the
 * cost model {@link #fitTo fits} one to the machine's geometry.
 *
 * @param name the profile's name, e.g. {@code westmere}
 * @param arch the architecture it describes, as the architecture's {@code machine()} prints it
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

  /**
   * The profile as an MMU of this geometry sees it: each TLB array keeps the page sizes some level
   * maps as a leaf or a contiguous span (an array left with none is dropped), and the walk cache
   * keeps the levels the geometry has that point to lower tables.
   *
   * @param machine the architecture's {@code machine()} name
   * @throws IllegalArgumentException when the profile describes another architecture
   */
  public CpuProfile fitTo(String machine, MachineGeometry geometry) {
    if (!arch.equals(machine)) {
      throw new IllegalArgumentException(
          "CPU profile " + name + " describes " + arch + ", not " + machine);
    }
    List<Integer> mappable = geometry.mappableOrders();
    List<TlbSpec> kept = new ArrayList<>();
    for (TlbSpec t : tlbs) {
      List<Integer> shifts =
          t.pageShifts().stream().filter(s -> mappable.contains(s - geometry.pageShift())).toList();
      if (!shifts.isEmpty()) {
        kept.add(new TlbSpec(t.name(), t.level(), shifts, t.entries(), t.ways(), t.hitCycles()));
      }
    }
    Map<String, Integer> caches = new LinkedHashMap<>();
    List<PageTableLevel> levels = geometry.levels();
    for (int i = 0; i < levels.size() - 1; i++) {
      Integer entries = walkCache.get(levels.get(i).name());
      if (entries != null && entries > 0) {
        caches.put(levels.get(i).name(), entries);
      }
    }
    return new CpuProfile(
        name,
        arch,
        description,
        clockGhz,
        kept,
        caches,
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
   * @param pageShifts log2 of the page sizes it holds (12 = 4K, 21 = 2M)
   * @param entries entries
   * @param ways associativity ({@code entries} for fully associative)
   * @param hitCycles extra cycles of a hit at this level over a level-1 hit (0 at level 1)
   */
  public record TlbSpec(
      String name, int level, List<Integer> pageShifts, int entries, int ways, int hitCycles) {
    public TlbSpec {
      pageShifts = List.copyOf(pageShifts);
      if (level < 1 || level > 2) {
        throw new IllegalArgumentException("TLB " + name + ": level must be 1 or 2");
      }
      if (pageShifts.isEmpty()) {
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
