package org.kmodel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.mm.PhysicalMemory;

/**
 * Bytes of metadata per 4 KiB frame (design target: at most 16), computed from the layout and
 * measured on the heap.
 *
 * <p>Computed: {@link PhysicalMemory#bytesPerFrame()} (the kernel's frame table) plus the buddy
 * allocator's free-area bitmaps — one bit per block of each order 0..10 plus a summary word per 64
 * bitmap words. Measured: heap in use after a full GC before building the kernel, after building
 * it, and after attaching the plugins, divided by the frame count. Both with content tokens (the
 * default) and without ({@code kmodel.content=0} on the kernel command line).
 *
 * <p>Usage: {@code java -Xmx6g -cp benchmarks.jar org.kmodel.benchmarks.MetadataFootprint [SIZE
 * ...]}, sizes like {@code 64g} (the default) or {@code 1t} (needs about 10 GiB of heap).
 */
public final class MetadataFootprint {
  /** Largest buddy order, as the buddy allocator's {@code Zone.MAX_ORDER}. */
  private static final int BUDDY_MAX_ORDER = 10;

  private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

  private MetadataFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    String[] sizes = args.length == 0 ? new String[] {"64g"} : args;
    StringBuilder gcs = new StringBuilder();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs.append(gcs.length() == 0 ? "" : ", ").append(gc.getName());
    }
    System.out.printf(
        Locale.ROOT,
        "metadata per 4 KiB frame, heap %d MiB, collectors: %s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        gcs);
    System.out.printf(
        Locale.ROOT,
        "%-6s %-8s %12s %10s %10s %10s | %10s %10s %10s %10s%n",
        "memory",
        "content",
        "frames",
        "frameTbl",
        "buddy",
        "computed",
        "kernel",
        "plugins",
        "measured",
        "boot ms");
    // Load and initialise every class once, so that the first row does not count them.
    Machines.boot(64L << 20).shutdown();
    for (String size : sizes) {
      for (boolean content : new boolean[] {true, false}) {
        row(size, content);
      }
    }
    System.out.println();
    System.out.println(
        "B/frame. computed = PhysicalMemory.bytesPerFrame() + buddy bitmaps (orders 0.."
            + BUDDY_MAX_ORDER
            + ", with summary words);");
    System.out.println(
        "measured = heap used after full GC: kernel = after Kernel.create and x86-64 pinning"
            + " the machine, plugins = after attaching buddy + thp-linux; measured = both."
            + " Target <= 16 B/frame.");
    System.out.println(
        "G1 places each array of half a region or more in whole regions of its own, so an array"
            + " of exactly 2^k bytes (+ header) wastes most of a region: G1 reads higher than"
            + " the layout, other collectors match it. boot ms = one cold create + attach.");
  }

  private static void row(String size, boolean content) throws InterruptedException {
    long bytes = Machines.size(size);
    String cmdline = content ? "" : "kmodel.content=0";
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Kernel kernel = Kernel.create(new KernelConfig(bytes, 0, cmdline, 0));
    Machines.attachArch(kernel);
    long t1 = System.nanoTime();
    long built = usedAfterGc();
    long frames = kernel.memory().frameCount();
    long t2 = System.nanoTime();
    Machines.attachPolicies(kernel);
    long t3 = System.nanoTime();
    long attached = usedAfterGc();
    double frameTable = kernel.memory().bytesPerFrame();
    double buddy = (double) buddyBitmapBytes(frames) / frames;
    double kernelMeasured = (double) (built - before) / frames;
    double pluginsMeasured = (double) (attached - built) / frames;
    System.out.printf(
        Locale.ROOT,
        "%-6s %-8s %12d %10.3f %10.3f %10.3f | %10.3f %10.3f %10.3f %10.0f%n",
        size,
        content ? "on" : "off",
        frames,
        frameTable,
        buddy,
        frameTable + buddy,
        kernelMeasured,
        pluginsMeasured,
        kernelMeasured + pluginsMeasured,
        ((t1 - t0) + (t3 - t2)) / 1e6);
    kernel.shutdown();
    Reference.reachabilityFence(kernel);
  }

  /** The buddy allocator's FreeArea arrays: a bitmap per order and a summary word per 64 words. */
  static long buddyBitmapBytes(long frames) {
    long total = 0;
    for (int order = 0; order <= BUDDY_MAX_ORDER; order++) {
      long blocks = frames >>> order;
      long words = Math.max(1, (blocks + 63) >>> 6);
      long summary = (words + 63) >>> 6;
      total += 8 * (words + summary) + 2 * 16; // two long[] headers
    }
    return total;
  }

  private static long usedAfterGc() throws InterruptedException {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long used = HEAP.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
