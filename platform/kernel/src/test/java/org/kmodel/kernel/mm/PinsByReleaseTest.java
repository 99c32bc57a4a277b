package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The release gates of exclusive pages and pins (docs/MEMORY.md, "Kernel versions"), each checked
 * on both sides of the release that brought it: what cow.c's pin cases read through the pin, and
 * the faults and swap-cache pages a kernel person would count.
 */
class PinsByReleaseTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final long K4 = 4096;

  private Kernel k;
  private MemoryManager mm;

  private Process.Region boot(KernelVersion release) {
    k = Kernel.create(new KernelConfig(64L << 20, 64L << 20, "", 0).withKernel(release));
    TestPlugins.fill(
        k,
        "x86_64",
        TestPlugins.FOUR_LEVEL,
        TestPlugins.FirstFitAllocator::new,
        TestPlugins.OrdersPolicy::new);
    mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", K4, 0, RW);
    mm.fill("p", r.start(), r.end(), 0);
    return r;
  }

  private long vmstat(String name) {
    Long v = k.counters().value(name);
    return v == null ? 0 : v;
  }

  private void assertInvariants() {
    assertEquals(List.of(), new DebugVm(mm).check());
  }

  /** cow.c "R/O GUP pin on R/O-mapped shared page": what the pin reads after the parent writes. */
  private int roPinOfSharedPage(KernelVersion release) {
    Process.Region r = boot(release);
    mm.fork("p", "c");
    mm.pin("p", "buf", r.start(), r.end(), false, true);
    mm.fill("p", r.start(), r.end(), 255);
    assertEquals(-1, mm.check("c", r.start(), r.end(), 0));
    assertInvariants();
    return mm.pinContent("buf", 0);
  }

  @Test
  void gupUnshareFrom519LetsAReadOnlyPinSeeTheWritesOfItsProcess() {
    assertEquals(255, roPinOfSharedPage(KernelVersion.of(5, 19)));
    assertEquals(3, vmstat("pgfault"), "fill, unshare, write");
    assertEquals(0, roPinOfSharedPage(KernelVersion.of(5, 18)), "the COW left the pin behind");
    assertEquals(2, vmstat("pgfault"), "fill, COW");
  }

  /** cow.c "R/O GUP pin on R/O-mapped previously-shared page". */
  private int roPinOfPreviouslySharedPage(KernelVersion release) {
    Process.Region r = boot(release);
    mm.fork("p", "c");
    mm.exit("c");
    mm.pin("p", "buf", r.start(), r.end(), false, true);
    mm.fill("p", r.start(), r.end(), 255);
    assertInvariants();
    return mm.pinContent("buf", 0);
  }

  @Test
  void fromFiveNineAWriteCopiesAPinnedPageUntilExclusivePagesIn519() {
    assertEquals(255, roPinOfPreviouslySharedPage(KernelVersion.of(5, 8)), "mapcount reuse");
    assertEquals(0, roPinOfPreviouslySharedPage(KernelVersion.of(5, 9)), "the pin forces a copy");
    assertEquals(0, roPinOfPreviouslySharedPage(KernelVersion.of(5, 18)));
    assertEquals(255, roPinOfPreviouslySharedPage(KernelVersion.of(5, 19)), "unshare reused it");
  }

  /** cow.c "fork() with an iouring fixed buffer" without io_uring: a long-term R/W pin, fork. */
  private int rwPinThenFork(KernelVersion release) {
    Process.Region r = boot(release);
    mm.pin("p", "buf", r.start(), r.end(), true, true);
    mm.fork("p", "c");
    mm.fill("p", r.start(), r.end(), 255);
    assertEquals(-1, mm.check("c", r.start(), r.end(), 0));
    assertInvariants();
    return mm.pinContent("buf", 0);
  }

  @Test
  void fromFiveNineForkCopiesAPinnedPageForTheChild() {
    assertEquals(0, rwPinThenFork(KernelVersion.of(5, 8)), "fork shared it; the parent copied");
    assertEquals(2, vmstat("pgfault"));
    assertEquals(255, rwPinThenFork(KernelVersion.of(5, 9)));
    assertEquals(1, vmstat("pgfault"), "the parent's pinned page stayed writable");
  }

  /** A page swapped out while exclusive, read back, then written: the faults and cache it took. */
  private long[] swapInThenWrite(KernelVersion release) {
    Process.Region r = boot(release);
    mm.madvisePageout("p", r.start(), r.end());
    mm.touch("p", r.start(), r.end(), K4, false);
    long cached = mm.swapCachedPages();
    long faults = vmstat("pgfault");
    mm.fill("p", r.start(), r.end(), 9);
    assertEquals(1, mm.anonPages(), "the write reused the page");
    assertInvariants();
    return new long[] {cached, vmstat("pgfault") - faults};
  }

  @Test
  void theSwapEntrysExclusiveBitFrom519MapsTheReadPageWritable() {
    long[] now = swapInThenWrite(KernelVersion.of(5, 19));
    assertEquals(0, now[0], "an exclusive page leaves the swap cache");
    assertEquals(0, now[1], "and is mapped writable");
    long[] before = swapInThenWrite(KernelVersion.of(5, 18));
    assertEquals(1, before[0], "without the bit, a read fault leaves the page cached");
    assertEquals(1, before[1], "and read-only");
  }

  /** cow.c's mprotect sequence on an exclusive page: the faults its next write takes. */
  private long mprotectThenWrite(KernelVersion release) {
    Process.Region r = boot(release);
    mm.mprotect("p", r.start(), r.end(), VmFlags.READ);
    mm.mprotect("p", r.start(), r.end(), RW);
    long faults = vmstat("pgfault");
    mm.fill("p", r.start(), r.end(), 3);
    assertInvariants();
    return vmstat("pgfault") - faults;
  }

  @Test
  void fromSixZeroMprotectMapsAnExclusivePageWritableAgain() {
    assertEquals(0, mprotectThenWrite(KernelVersion.of(6, 0)));
    assertEquals(1, mprotectThenWrite(KernelVersion.of(5, 19)));
  }

  @Test
  void mprotectLeavesASharedPageWriteProtected() {
    Process.Region r = boot(KernelVersion.of(6, 13));
    mm.fork("p", "c");
    mm.mprotect("p", r.start(), r.end(), VmFlags.READ);
    mm.mprotect("p", r.start(), r.end(), RW);
    long faults = vmstat("pgfault");
    mm.fill("p", r.start(), r.end(), 3);
    assertEquals(faults + 1, vmstat("pgfault"), "the write copied");
    assertEquals(-1, mm.check("c", r.start(), r.end(), 0));
  }

  @Test
  void madvPopulateCameWithFiveFourteen() {
    Process.Region r = boot(KernelVersion.of(5, 13));
    MmException e =
        assertThrows(MmException.class, () -> mm.madvisePopulate("p", r.start(), r.end(), false));
    assertEquals("EINVAL", e.errno());
    Process.Region s = boot(KernelVersion.of(5, 14));
    mm.madvisePopulate("p", s.start(), s.end(), true);
  }
}
