package org.kmodel.benchmarks;

import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.api.SlotId;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.thp.linux.LinuxThpPolicy;

/** Builds kernels the way the benchmarks need them, without OSGi. */
final class Machines {
  static final long K4 = 4096;
  static final long M2 = 2L << 20;
  static final long G1 = 1L << 30;

  static final String THP_ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  private Machines() {}

  /**
   * A kernel of {@code memoryBytes} RAM with x86-64, the buddy allocator and the Linux THP policy
   * attached. Attaching the allocator rebuilds its free lists from the whole frame table.
   */
  static Kernel boot(long memoryBytes) {
    return boot(memoryBytes, 0);
  }

  /**
   * The same machine as a guest on host pages of {@code nestedHostPageSize} bytes (0: native), with
   * the architecture's default CPU profile.
   */
  static Kernel boot(long memoryBytes, long nestedHostPageSize) {
    Kernel kernel =
        Kernel.create(
            new KernelConfig(memoryBytes, 0, "", 0, 0, null, null, null, nestedHostPageSize));
    attachPlugins(kernel);
    return kernel;
  }

  static void attachPlugins(Kernel kernel) {
    attachArch(kernel);
    attachPolicies(kernel);
  }

  /** Attaches x86-64, which pins the machine: the frame table is built now. */
  static void attachArch(Kernel kernel) {
    offer(
        kernel, new ManualProvider(Architecture.SLOT, "arch-x86_64", 100, X86_64Architecture::new));
  }

  /** Attaches the buddy allocator (it rebuilds its free lists) and the Linux THP policy. */
  static void attachPolicies(Kernel kernel) {
    offer(
        kernel,
        new ManualProvider(PageAllocator.SLOT, "allocator-buddy", 100, BuddyAllocator::new));
    offer(kernel, new ManualProvider(ThpPolicy.SLOT, "thp-linux", 100, LinuxThpPolicy::new));
    for (SlotId<?> s : java.util.List.of(Architecture.SLOT, PageAllocator.SLOT, ThpPolicy.SLOT)) {
      if (kernel.slots().slot(s).get() == null) {
        throw new IllegalStateException("slot " + s.id() + " stayed empty");
      }
    }
  }

  private static void offer(Kernel kernel, ManualProvider provider) {
    kernel.slots().offer(SlotUpdate.added(provider));
    kernel.slots().applyPending();
  }

  /** Writes the THP {@code enabled} knob ({@code always}, {@code madvise} or {@code never}). */
  static void thpEnabled(Kernel kernel, String mode) {
    try {
      kernel.knobTree().find(THP_ENABLED).write(mode);
    } catch (KnobException e) {
      throw new IllegalStateException(THP_ENABLED + " refused " + mode, e);
    }
  }

  /** Parses sizes such as {@code 4096}, {@code 64g} or {@code 1t}. */
  static long size(String s) {
    String t = s.strip().toLowerCase(java.util.Locale.ROOT);
    int shift =
        switch (t.charAt(t.length() - 1)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    return Long.parseLong(digits) << shift;
  }
}
