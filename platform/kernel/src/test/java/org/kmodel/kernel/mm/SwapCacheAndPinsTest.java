package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The swap cache, exclusive anonymous pages and FOLL_PIN pins, as cow.c and the swap paths of Linux
 * 5.19+ see them: one read per slot after fork, read-only mappings of shared slots, no second write
 * of a clean cached page, unshare on read-only pins, copies of pinned pages at fork, and
 * MADV_POPULATE / MADV_DONTFORK.
 */
class SwapCacheAndPinsTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final long K4 = 4096;
  private static final long K64 = 64 * 1024;
  private static final long M2 = 2L << 20;

  private final Kernel k;
  private final MemoryManager mm;
  private final TestPlugins.OrdersPolicy policy = new TestPlugins.OrdersPolicy();

  SwapCacheAndPinsTest() {
    k = Kernel.create(new KernelConfig(64L << 20, 64L << 20, "", 0));
    TestPlugins.fill(
        k, "x86_64", TestPlugins.FOUR_LEVEL, TestPlugins.FirstFitAllocator::new, () -> policy);
    mm = k.mm();
    mm.spawn("p");
  }

  private long vmstat(String name) {
    Long v = k.counters().value(name);
    return v == null ? 0 : v;
  }

  private void assertInvariants() {
    assertEquals(List.of(), new DebugVm(mm).check());
  }

  private Process.Region swappedOut(long length) {
    Process.Region r = mm.mmapAnonymous("p", "a", length, 0, RW);
    mm.fill("p", r.start(), r.end(), 7);
    mm.madvisePageout("p", r.start(), r.end());
    assertEquals(length / K4, vmstat("pswpout"));
    return r;
  }

  @Test
  void afterForkASlotIsReadOnceAndTheOtherSideHitsTheSwapCache() {
    Process.Region r = swappedOut(K64);
    mm.fork("p", "c");
    mm.touch("p", r.start(), r.end(), K4, false);
    assertEquals(16, vmstat("pswpin"));
    assertEquals(16, vmstat("pgmajfault"));
    assertEquals(16, mm.swapCachedPages());
    mm.touch("c", r.start(), r.end(), K4, false);
    assertEquals(16, vmstat("pswpin"), "the child's faults are swap-cache hits");
    assertEquals(16, vmstat("pgmajfault"), "a swap-cache hit is a minor fault");
    assertEquals(16, mm.swapCachedPages());
    assertEquals(16, mm.anonPages(), "parent and child map the same pages");
    long faults = vmstat("pgfault");
    mm.touch("c", r.start(), r.end(), K4, true);
    assertEquals(faults + 16, vmstat("pgfault"), "shared slots were mapped read-only");
    assertEquals(32, mm.anonPages(), "the child's writes copied");
    assertEquals(-1, mm.check("p", r.start(), r.end(), 7));
    assertInvariants();
  }

  @Test
  void reclaimingACleanSwapCachePageWritesNothing() {
    Process.Region r = swappedOut(K64);
    mm.fork("p", "c");
    mm.touch("p", r.start(), r.end(), K4, false);
    mm.touch("c", r.start(), r.end(), K4, false);
    mm.fill("p", r.start(), r.end(), 9);
    mm.madvisePageout("c", r.start(), r.end());
    assertEquals(16, vmstat("pswpout"), "no second write");
    assertEquals(0, mm.swapCachedPages());
    assertEquals(-1, mm.check("c", r.start(), r.end(), 7));
    assertEquals(-1, mm.check("p", r.start(), r.end(), 9));
    assertInvariants();
    mm.exit("c");
    mm.exit("p");
    assertInvariants();
  }

  @Test
  void anExclusiveSwapEntryIsReadBackWritableAndLeavesNoCache() {
    Process.Region r = swappedOut(K64);
    mm.touch("p", r.start(), r.end(), K4, false);
    assertEquals(0, mm.swapCachedPages());
    long faults = vmstat("pgfault");
    mm.fill("p", r.start(), r.end(), 8);
    assertEquals(faults, vmstat("pgfault"), "exclusive pages were mapped writable");
    assertInvariants();
  }

  @Test
  void aReadOnlyPinOfASharedPageUnsharesItAndSeesLaterWrites() {
    Process.Region r = mm.mmapAnonymous("p", "a", K4, 0, RW);
    mm.fill("p", r.start(), r.end(), 0);
    mm.fork("p", "c");
    mm.pin("p", "buf", r.start(), r.end(), false, false);
    assertEquals(2, mm.anonPages(), "the unshare fault copied the shared page");
    mm.fill("p", r.start(), r.end(), 255);
    assertEquals(255, mm.pinContent("buf", 0));
    assertEquals(-1, mm.check("c", r.start(), r.end(), 0));
    assertEquals(1, vmstat("nr_foll_pin_acquired"));
    assertInvariants();
    mm.unpin("buf");
    assertEquals(1, vmstat("nr_foll_pin_released"));
  }

  @Test
  void forkCopiesAPinnedExclusivePageForTheChildAtOnce() {
    Process.Region r = mm.mmapAnonymous("p", "a", K4, 0, RW);
    mm.fill("p", r.start(), r.end(), 1);
    mm.pin("p", "buf", r.start(), r.end(), true, true);
    mm.fork("p", "c");
    assertEquals(2, mm.anonPages());
    long faults = vmstat("pgfault");
    mm.fill("p", r.start(), r.end(), 2);
    assertEquals(faults, vmstat("pgfault"), "the parent's pinned page stayed writable");
    assertEquals(2, mm.pinContent("buf", 0));
    assertEquals(-1, mm.check("c", r.start(), r.end(), 1));
    assertInvariants();
  }

  @Test
  void forkOfAPinnedPmdMappedThpSplitsTheParentsPmdAndCopiesItsPages() {
    policy.orders = 1L << 9;
    Process.Region r = mm.mmapAnonymous("p", "a", M2, M2, RW);
    mm.fill("p", r.start(), r.end(), 1);
    mm.pin("p", "buf", r.start(), r.start() + K4, true, true);
    mm.fork("p", "c");
    assertEquals(1, vmstat("thp_split_pmd"));
    assertEquals(0, mm.anonHugePages());
    assertEquals(1024, mm.anonPages());
    assertInvariants();
  }

  @Test
  void aPinnedPageIsNeitherSwappedOutNorCollapsed() {
    policy.orders = 0;
    Process.Region r = mm.mmapAnonymous("p", "a", M2, M2, RW);
    mm.fill("p", r.start(), r.end(), 1);
    mm.pin("p", "buf", r.start(), r.start() + K4, false, false);
    mm.madvisePageout("p", r.start(), r.end());
    assertEquals(511, vmstat("pswpout"));
    mm.fill("p", r.start(), r.end(), 2);
    assertNotNull(mm.madviseCollapse("p", r.start(), r.end()));
    mm.unpin("buf");
    assertEquals(null, mm.madviseCollapse("p", r.start(), r.end()));
    assertInvariants();
  }

  @Test
  void aPinnedPageOutlivesItsMappingUntilUnpinned() {
    Process.Region r = mm.mmapAnonymous("p", "a", K64, 0, RW);
    mm.fill("p", r.start(), r.end(), 5);
    long used = mm.machine().memory.usedFrames();
    mm.pin("p", "buf", r.start(), r.end(), true, false);
    mm.munmap("p", r.start(), r.end());
    assertEquals(5, mm.pinContent("buf", K4));
    assertInvariants();
    mm.unpin("buf");
    assertTrue(mm.machine().memory.usedFrames() < used);
    assertInvariants();
  }

  @Test
  void anExitingProcessDropsItsPins() {
    Process.Region r = mm.mmapAnonymous("p", "a", K64, 0, RW);
    mm.fill("p", r.start(), r.end(), 5);
    mm.pin("p", "buf", r.start(), r.end(), true, false);
    mm.exit("p");
    assertEquals(16, vmstat("nr_foll_pin_released"));
    assertEquals(0, mm.machine().memory.usedFrames() - mm.prezeroedPages());
    assertThrows(MmException.class, () -> mm.pinContent("buf", 0));
  }

  @Test
  void populateFaultsInAsReadsAndWritesWouldWithLinuxsErrors() {
    Process.Region r = mm.mmapAnonymous("p", "a", K64, 0, RW);
    mm.madvisePopulate("p", r.start(), r.end(), false);
    assertEquals(0, mm.anonPages(), "reads map the zero page");
    assertEquals(16, vmstat("pgfault"));
    mm.madvisePopulate("p", r.start(), r.end(), true);
    assertEquals(16, mm.anonPages());
    Process.Region ro = mm.mmapAnonymous("p", "ro", K64, 0, VmFlags.READ);
    MmException e =
        assertThrows(MmException.class, () -> mm.madvisePopulate("p", ro.start(), ro.end(), true));
    assertTrue(e.getMessage().startsWith("EINVAL"), e.getMessage());
    mm.munmap("p", r.start() + K4, r.start() + 2 * K4);
    e = assertThrows(MmException.class, () -> mm.madvisePopulate("p", r.start(), r.end(), true));
    assertTrue(e.getMessage().startsWith("ENOMEM"), e.getMessage());
    assertInvariants();
  }

  @Test
  void dontforkLeavesTheRangeOutOfTheChild() {
    Process.Region r = mm.mmapAnonymous("p", "a", K64, 0, RW);
    mm.fill("p", r.start(), r.end(), 5);
    mm.madviseDontfork("p", r.start(), r.start() + K4, true);
    mm.fork("p", "c");
    assertEquals(60, mm.views().smaps("c", r.start(), r.end()).get("Rss"));
    mm.madviseDontfork("p", r.start(), r.start() + K4, false);
    mm.fork("p", "d");
    assertEquals(64, mm.views().smaps("d", r.start(), r.end()).get("Rss"));
    assertInvariants();
  }

  @Test
  void debugVmReportsASharedPageMarkedExclusive() {
    Process.Region r = mm.mmapAnonymous("p", "a", K4, 0, RW);
    mm.fill("p", r.start(), r.end(), 5);
    mm.fork("p", "c");
    long pfn = Pte.payload(mm.paths().walk.leaf(mm.process("p").mm(), r.start()));
    mm.machine().memory.set(pfn, PhysicalMemory.ANON_EXCLUSIVE);
    List<String> v = new DebugVm(mm).check();
    assertFalse(v.isEmpty());
    assertTrue(v.get(0).contains("exclusive"), v.toString());
  }
}
