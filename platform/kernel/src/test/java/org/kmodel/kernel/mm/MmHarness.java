package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.PluginContext;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/** A kernel with hand-filled slots: x86-64 geometry, a first-fit allocator, a one-knob policy. */
final class MmHarness {
  static final long K4 = 4096;
  static final long M2 = 2L << 20;

  final Kernel kernel;
  final MemoryManager mm;

  MmHarness(long memory, long swap) {
    this(memory, swap, TestPlugins.FirstFitAllocator::new);
  }

  MmHarness(long memory, long swap, java.util.function.Supplier<PageAllocator> allocator) {
    this(new KernelConfig(memory, swap, "", 0), allocator);
  }

  MmHarness(KernelConfig config, java.util.function.Supplier<PageAllocator> allocator) {
    kernel = Kernel.create(config);
    TestPlugins.fillX86(kernel, allocator);
    mm = kernel.mm();
  }

  /** A 64M machine without swap that models {@code release}. */
  static MmHarness release(KernelVersion release) {
    return release(release, 0);
  }

  /** A 64M machine with {@code swap} bytes of swap that models {@code release}. */
  static MmHarness release(KernelVersion release, long swap) {
    return new MmHarness(
        new KernelConfig(64L << 20, swap, "", 0).withKernel(release),
        TestPlugins.FirstFitAllocator::new);
  }

  void knob(String path, String value) {
    try {
      kernel.knobTree().find(path).write(value);
    } catch (KnobException e) {
      throw new IllegalStateException(e);
    }
  }

  void thp(String mode) {
    knob(TestPlugins.KnobPolicy.ENABLED, mode);
  }

  long counter(String name) {
    Long v = kernel.counters().value(name);
    return v == null ? 0 : v;
  }

  long smaps(String pid, String region, String field) {
    Process.Region r = mm.process(pid).region(region);
    return mm.views().smaps(pid, r.start(), r.end()).get(field);
  }

  Process.Region region(String pid, String name) {
    return mm.process(pid).region(name);
  }

  void assertInvariants() {
    assertEquals(List.of(), new DebugVm(mm).check());
  }

  /** An allocator that refuses every block above order 0, so huge faults must fall back. */
  static final class NoHugeAllocator implements PageAllocator {
    private final TestPlugins.FirstFitAllocator inner = new TestPlugins.FirstFitAllocator();

    @Override
    public void attach(PluginContext context) {
      inner.attach(context);
    }

    @Override
    public int maxOrder() {
      return inner.maxOrder();
    }

    @Override
    public long allocate(int order, int gfp) {
      return order > 0 ? NO_FRAME : inner.allocate(order, gfp);
    }

    @Override
    public void free(long pfn, int order) {
      inner.free(pfn, order);
    }

    @Override
    public long freeBlocks(int order) {
      return inner.freeBlocks(order);
    }
  }
}
