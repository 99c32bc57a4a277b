package org.kmodel.kernel;

import org.kmodel.api.arch.CpuProfile;
import org.kmodel.kernel.cost.CpuProfiles;

/**
 * How a kernel is built: the machine and the kernel command line.
 *
 * @param memoryBytes RAM
 * @param swapBytes swap device size (0 = none)
 * @param commandLine kernel command line, e.g. {@code transparent_hugepage=madvise}
 * @param seed seed for every random choice the run makes
 * @param fragmentation fraction of free memory left in blocks below order 9 by scattered unmovable
 *     pages at boot (0..1)
 * @param buddyinfo free blocks per order to lay out at boot, as a real {@code /proc/buddyinfo}
 *     shows them, or {@code null}
 * @param cpu the CPU profile the cost model uses, or {@code null} for the architecture's default
 * @param cpuProfiles where the architecture's default profile is loaded from
 * @param nestedHostPageSize the host page size when the machine is a guest under nested paging (4
 *     KiB or 2 MiB); 0 when it runs natively
 */
public record KernelConfig(
    long memoryBytes,
    long swapBytes,
    String commandLine,
    long seed,
    double fragmentation,
    long[] buddyinfo,
    CpuProfile cpu,
    CpuProfiles cpuProfiles,
    long nestedHostPageSize) {

  /** Base page shift of the machine's frames; every shipped architecture uses 4 KiB pages. */
  public static final int PAGE_SHIFT = 12;

  public KernelConfig {
    if (memoryBytes <= 0 || (memoryBytes & ((1L << PAGE_SHIFT) - 1)) != 0) {
      throw new IllegalArgumentException("memory must be a positive multiple of 4 KiB");
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
    if (nestedHostPageSize != 0 && nestedHostPageSize != 4096 && nestedHostPageSize != 2 << 20) {
      throw new IllegalArgumentException("nested host pages must be 4K or 2M");
    }
  }

  /** A native machine with the architecture's default CPU profile. */
  public KernelConfig(long memoryBytes, long swapBytes, String commandLine, long seed) {
    this(memoryBytes, swapBytes, commandLine, seed, 0, null, null, null, 0);
  }

  public static KernelConfig ofMemory(long memoryBytes) {
    return new KernelConfig(memoryBytes, 0, "", 0);
  }
}
