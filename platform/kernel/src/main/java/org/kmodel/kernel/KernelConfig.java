package org.kmodel.kernel;

import org.kmodel.api.KernelVersion;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.scenario.value.KernelReleases;

/**
 * How a kernel is built: the machine and the kernel command line.
 *
 * @param memoryBytes RAM; a multiple of the base page of the architecture that pins the machine
 * @param swapBytes swap device size (0 = none)
 * @param commandLine kernel command line, e.g. {@code transparent_hugepage=madvise}
 * @param seed seed for every random choice the run makes
 * @param fragmentation fraction of free memory left in blocks below order 9 by scattered unmovable
 *     pages at boot (0..1)
 * @param buddyinfo free blocks per order to lay out at boot, as a real {@code /proc/buddyinfo}
 *     shows them, or {@code null}
 * @param cpu the CPU profile the cost model uses — a name, or a path to a profile file — or {@code
 *     null} for the architecture's default
 * @param cpuProfiles where profiles are looked up by name (before the architecture's own)
 * @param nestedHostPageSize the host page size when the machine is a guest under nested paging (a
 *     page size the architecture maps, e.g. 4 KiB or 2 MiB on x86-64); 0 when it runs natively
 * @param cost how much of the cost model runs ({@code null}: exact)
 * @param kernel the Linux release whose behaviour the kernel models ({@code null}: the newest)
 */
public record KernelConfig(
    long memoryBytes,
    long swapBytes,
    String commandLine,
    long seed,
    double fragmentation,
    long[] buddyinfo,
    String cpu,
    CpuProfiles cpuProfiles,
    long nestedHostPageSize,
    CostMode cost,
    KernelVersion kernel) {

  public KernelConfig {
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("memory must be positive");
    }
    if (swapBytes < 0) {
      throw new IllegalArgumentException("swap cannot be negative");
    }
    if (fragmentation < 0 || fragmentation > 1) {
      throw new IllegalArgumentException("fragmentation must lie in 0..1");
    }
    commandLine = commandLine == null ? "" : commandLine.strip();
    buddyinfo = buddyinfo == null ? null : buddyinfo.clone();
    cpuProfiles = cpuProfiles == null ? CpuProfiles.builtIn() : cpuProfiles;
    cost = cost == null ? CostMode.EXACT : cost;
    kernel = kernel == null ? KernelReleases.NEWEST : kernel;
    if (nestedHostPageSize < 0 || Long.bitCount(nestedHostPageSize) > 1) {
      throw new IllegalArgumentException("nested host pages must be a power of two");
    }
  }

  /** A machine whose cost model runs exactly. */
  public KernelConfig(
      long memoryBytes,
      long swapBytes,
      String commandLine,
      long seed,
      double fragmentation,
      long[] buddyinfo,
      String cpu,
      CpuProfiles cpuProfiles,
      long nestedHostPageSize) {
    this(
        memoryBytes,
        swapBytes,
        commandLine,
        seed,
        fragmentation,
        buddyinfo,
        cpu,
        cpuProfiles,
        nestedHostPageSize,
        CostMode.EXACT,
        null);
  }

  /** This configuration with another cost mode. */
  public KernelConfig withCost(CostMode mode) {
    return new KernelConfig(
        memoryBytes,
        swapBytes,
        commandLine,
        seed,
        fragmentation,
        buddyinfo,
        cpu,
        cpuProfiles,
        nestedHostPageSize,
        mode,
        kernel);
  }

  /** This configuration running another Linux release. */
  public KernelConfig withKernel(KernelVersion release) {
    return new KernelConfig(
        memoryBytes,
        swapBytes,
        commandLine,
        seed,
        fragmentation,
        buddyinfo,
        cpu,
        cpuProfiles,
        nestedHostPageSize,
        cost,
        release);
  }

  /** A native machine with the architecture's default CPU profile. */
  public KernelConfig(long memoryBytes, long swapBytes, String commandLine, long seed) {
    this(memoryBytes, swapBytes, commandLine, seed, 0, null, null, null, 0);
  }

  public static KernelConfig ofMemory(long memoryBytes) {
    return new KernelConfig(memoryBytes, 0, "", 0);
  }
}
