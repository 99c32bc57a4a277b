package org.kmodel.kernel.scenario.model;

import org.kmodel.api.KernelVersion;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.scenario.value.KernelReleases;

/**
 * The simulated machine a scenario boots.
 *
 * @param memoryBytes physical memory; positive, and a whole number of the architecture's base pages
 *     (checked when the run starts); 4G unless given
 * @param swapBytes swap space; a whole number of base pages; 0 unless given
 * @param fragmentation the fraction (0..1) of free memory to leave in blocks below order 9 at boot;
 *     0 when a buddyinfo file is given instead
 * @param buddyinfoPath a {@code /proc/buddyinfo} file whose free-block shape to reproduce at boot,
 *     already resolved against the scenario file's directory; null when none is given
 * @param nestedHostPageSize the host page size, a power of two, when the machine runs as a guest
 *     under nested paging (whether the architecture maps pages of that size is checked at boot); 0
 *     when it is not nested
 * @param cpu the CPU profile the cost model uses: a name from {@code conf/cpu/}, or a file path
 *     already resolved against the scenario file's directory; null for the architecture's default
 * @param cost how much of the cost model runs; null when the scenario does not say (exact for a
 *     run, off for the explorer)
 * @param kernel the Linux release whose behaviour the kernel models; the newest unless given
 * @param where where the {@code machine:} section is written (the top of the file when absent)
 */
public record Machine(
    long memoryBytes,
    long swapBytes,
    double fragmentation,
    String buddyinfoPath,
    long nestedHostPageSize,
    String cpu,
    CostMode cost,
    KernelVersion kernel,
    Location where) {

  public Machine {
    kernel = kernel == null ? KernelReleases.NEWEST : kernel;
  }

  /** Physical memory when a scenario does not say. */
  public static final long DEFAULT_MEMORY_BYTES = 4L << 30;

  /** A 4G machine without swap, fragmentation or nesting. */
  public static Machine defaults(Location where) {
    return new Machine(DEFAULT_MEMORY_BYTES, 0, 0.0, null, 0, null, null, null, where);
  }

  /** This machine with another CPU profile (a name or a resolved path). */
  public Machine withCpu(String profile) {
    return new Machine(
        memoryBytes,
        swapBytes,
        fragmentation,
        buddyinfoPath,
        nestedHostPageSize,
        profile,
        cost,
        kernel,
        where);
  }

  /** This machine with another cost mode ({@code null}: the default). */
  public Machine withCost(CostMode mode) {
    return new Machine(
        memoryBytes,
        swapBytes,
        fragmentation,
        buddyinfoPath,
        nestedHostPageSize,
        cpu,
        mode,
        kernel,
        where);
  }

  /** This machine running another Linux release. */
  public Machine withKernel(KernelVersion release) {
    return new Machine(
        memoryBytes,
        swapBytes,
        fragmentation,
        buddyinfoPath,
        nestedHostPageSize,
        cpu,
        cost,
        release,
        where);
  }

  /** This machine as a guest on host pages of {@code bytes} (0: native). */
  public Machine withNestedHostPageSize(long bytes) {
    return new Machine(
        memoryBytes, swapBytes, fragmentation, buddyinfoPath, bytes, cpu, cost, kernel, where);
  }

  /** Whether the machine runs as a guest under nested paging. */
  public boolean nested() {
    return nestedHostPageSize != 0;
  }
}
