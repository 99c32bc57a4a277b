package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The per-size THP statistics under {@code hugepages-<size>kB/stats/} for a 64K folio (order 4 on
 * 4K pages) and the PMD size: swap-out whole or after a fallback split, split, deferred split, and
 * the {@code nr_anon} gauges. For the PMD size every event agrees with its vmstat counter.
 */
class MthpStatsTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final long K4 = 4096;
  private static final long K64 = 64 * 1024;
  private static final long M2 = 2L << 20;

  /** A 64M arm64 machine with {@code swap} bytes of swap and a policy allowing 64K and 2M. */
  private static final class Fixture {
    private final Kernel k;
    private final MemoryManager mm;

    Fixture(long swap) {
      k = Kernel.create(new KernelConfig(64L << 20, swap, "", 0));
      TestPlugins.OrdersPolicy policy = new TestPlugins.OrdersPolicy();
      policy.orders = (1L << 4) | (1L << 9);
      TestPlugins.fill(
          k, "aarch64", TestPlugins.ARM64_4K, TestPlugins.FirstFitAllocator::new, () -> policy);
      mm = k.mm();
      mm.spawn("p");
    }

    private long stat(String size, String name) {
      String path = "/sys/kernel/mm/transparent_hugepage/hugepages-" + size + "/stats/" + name;
      return Long.parseLong(k.knobTree().find(path).read());
    }

    private long vmstat(String name) {
      Long v = k.counters().value(name);
      return v == null ? 0 : v;
    }

    private void assertInvariants() {
      assertEquals(List.of(), new DebugVm(mm).check());
    }

    /**
     * A region of {@code length} (less than a PMD, so only 64K folios fit) faulted in by writes.
     */
    private Process.Region sixtyFourKilobyteFolios(long length) {
      Process.Region r = mm.mmapAnonymous("p", "a", length, K64, RW);
      mm.fill("p", r.start(), r.end(), 7);
      return r;
    }
  }

  @Test
  void sixtyFourKilobyteFoliosCountSwapOutSplitAndDeferredSplit() {
    Fixture t = new Fixture(64L << 20);
    Process.Region r = t.sixtyFourKilobyteFolios(16 * K64);
    assertEquals(16, t.stat("64kB", "anon_fault_alloc"));
    assertEquals(16, t.stat("64kB", "nr_anon"));

    t.mm.munmap("p", r.start(), r.start() + K4);
    assertEquals(1, t.stat("64kB", "split_deferred"), "the first folio is partially mapped");
    assertEquals(1, t.stat("64kB", "nr_anon_partially_mapped"));
    assertEquals(0, t.vmstat("thp_deferred_split_page"), "vmstat counts the PMD size only");

    t.mm.madvisePageout("p", r.start() + K64, r.start() + 3 * K64);
    assertEquals(2, t.stat("64kB", "swpout"), "two folios covered whole went out whole");
    assertEquals(32, t.vmstat("pswpout"));
    assertEquals(0, t.stat("64kB", "split"));
    assertEquals(
        1, t.stat("64kB", "split_deferred"), "folios going out whole are never partially mapped");
    assertEquals(14, t.stat("64kB", "nr_anon"));

    t.mm.madvisePageout("p", r.start() + 3 * K64 + K4, r.start() + 4 * K64);
    assertEquals(1, t.stat("64kB", "split"), "a folio covered in part is split first");
    assertEquals(13, t.stat("64kB", "nr_anon"));
    assertEquals(0, t.vmstat("thp_split_page"));
    assertEquals(0, t.stat("64kB", "swpout_fallback"));
    assertEquals(0, t.stat("64kB", "split_failed"));
    assertEquals(
        -1, t.mm.check("p", r.start() + K64, r.end(), 7), "swapped pages read back intact");
    t.assertInvariants();
  }

  @Test
  void sixtyFourKilobyteFolioWithoutASwapRunFallsBackToBasePages() {
    Fixture t = new Fixture(32 * 1024);
    Process.Region r = t.sixtyFourKilobyteFolios(K64);
    t.mm.madvisePageout("p", r.start(), r.end());
    assertEquals(1, t.stat("64kB", "swpout_fallback"), "8 slots hold no run of 16");
    assertEquals(0, t.stat("64kB", "swpout"));
    assertEquals(1, t.stat("64kB", "split"));
    assertEquals(8, t.vmstat("pswpout"), "pages went out one by one until swap was full");
    assertEquals(0, t.stat("64kB", "nr_anon"));
    t.assertInvariants();
  }

  @Test
  void pmdSizeStatsAgreeWithVmstat() {
    Fixture t = new Fixture(64L << 20);
    Process.Region r = t.mm.mmapAnonymous("p", "a", 2 * M2, M2, RW);
    t.mm.fill("p", r.start(), r.end(), 3);
    assertEquals(2, t.stat("2048kB", "anon_fault_alloc"));
    assertEquals(t.vmstat("thp_fault_alloc"), t.stat("2048kB", "anon_fault_alloc"));
    assertEquals(2, t.stat("2048kB", "nr_anon"));

    t.mm.madvisePageout("p", r.start(), r.start() + M2);
    assertEquals(1, t.stat("2048kB", "swpout"));
    assertEquals(t.vmstat("thp_swpout"), t.stat("2048kB", "swpout"));
    assertEquals(512, t.vmstat("pswpout"));
    assertEquals(0, t.vmstat("thp_split_page"), "a huge page swapped out whole is not split");
    assertEquals(1, t.vmstat("thp_split_pmd"), "its PMD mapping became swap PTEs");
    assertEquals(1, t.stat("2048kB", "nr_anon"));

    t.mm.munmap("p", r.end() - K4, r.end());
    assertEquals(1, t.stat("2048kB", "split_deferred"));
    assertEquals(t.vmstat("thp_deferred_split_page"), t.stat("2048kB", "split_deferred"));
    assertEquals(1, t.stat("2048kB", "nr_anon_partially_mapped"));

    t.mm.madvisePageout("p", r.start() + M2, r.start() + M2 + K64);
    assertEquals(1, t.stat("2048kB", "split"));
    assertEquals(t.vmstat("thp_split_page"), t.stat("2048kB", "split"));
    assertEquals(
        0, t.stat("2048kB", "nr_anon_partially_mapped"), "the split took it off the queue");
    assertEquals(0, t.stat("2048kB", "nr_anon"));
    assertEquals(t.vmstat("thp_split_page_failed"), t.stat("2048kB", "split_failed"));
    assertEquals(-1, t.mm.check("p", r.start(), r.end() - K4, 3));
    t.assertInvariants();
  }

  @Test
  void pmdSizeWithoutASwapClusterFallsBackAsVmstatSays() {
    Fixture t = new Fixture(1L << 20);
    Process.Region r = t.mm.mmapAnonymous("p", "a", M2, M2, RW);
    t.mm.fill("p", r.start(), r.end(), 5);
    t.mm.madvisePageout("p", r.start(), r.end());
    assertEquals(1, t.stat("2048kB", "swpout_fallback"), "256 slots hold no run of 512");
    assertEquals(t.vmstat("thp_swpout_fallback"), t.stat("2048kB", "swpout_fallback"));
    assertEquals(1, t.stat("2048kB", "split"));
    assertEquals(t.vmstat("thp_split_page"), t.stat("2048kB", "split"));
    assertEquals(0, t.stat("2048kB", "swpout"));
    t.assertInvariants();
  }
}
