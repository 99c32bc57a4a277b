package org.kmodel.kernel;

/**
 * How a kernel is built: the machine and the kernel command line.
 *
 * @param memoryBytes RAM
 * @param swapBytes swap device size (0 = none)
 * @param commandLine kernel command line, e.g. {@code transparent_hugepage=madvise}
 * @param seed seed for every random choice the run makes
 */
public record KernelConfig(long memoryBytes, long swapBytes, String commandLine, long seed) {

  /** Base page shift of the machine's frames; every shipped architecture uses 4 KiB pages. */
  public static final int PAGE_SHIFT = 12;

  public KernelConfig {
    if (memoryBytes <= 0 || (memoryBytes & ((1L << PAGE_SHIFT) - 1)) != 0) {
      throw new IllegalArgumentException("memory must be a positive multiple of 4 KiB");
    }
    if (swapBytes < 0) {
      throw new IllegalArgumentException("swap cannot be negative");
    }
    commandLine = commandLine == null ? "" : commandLine.strip();
  }

  public static KernelConfig ofMemory(long memoryBytes) {
    return new KernelConfig(memoryBytes, 0, "", 0);
  }
}
