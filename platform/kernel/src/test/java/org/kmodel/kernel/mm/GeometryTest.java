package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The memory manager on machines of other geometries than x86-64's: arm64's 16K and 64K granules
 * (PMD pages of 32M and 512M), and PTE-mapped folios folded into contiguous spans.
 */
class GeometryTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final long M = 1L << 20;

  private static Kernel boot(long memory, MachineGeometry g, TestPlugins.KnobPolicy policy) {
    Kernel k = Kernel.create(KernelConfig.ofMemory(memory));
    TestPlugins.fill(k, "aarch64", g, TestPlugins.FirstFitAllocator::new, () -> policy);
    return k;
  }

  private static void assertInvariants(Kernel k) {
    assertEquals(List.of(), new DebugVm(k.mm()).check());
  }

  private static long vmstat(Kernel k, String name) {
    Long v = k.counters().value(name);
    return v == null ? 0 : v;
  }

  @Test
  void sixtyFourKilobytePagesMap512MBlocksWhereAlignedAndBasePagesElsewhere() {
    Kernel k = boot(4L << 30, TestPlugins.ARM64_64K, new TestPlugins.KnobPolicy());
    Machine m = k.machine();
    assertEquals(64 * 1024, m.pageSize);
    assertEquals(13, m.pmdOrder);
    assertEquals(512 * M, m.pmdSize);
    assertEquals(65536, k.memory().frameCount());
    MemoryManager mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", 1280 * M, 256 * M, RW);
    assertTrue(mm.touch("p", r.start(), r.end(), m.pageSize, true));
    long huge = 0;
    for (long a = (r.start() + m.pmdSize - 1) & -m.pmdSize; a + m.pmdSize <= r.end(); ) {
      huge++;
      a += m.pmdSize;
    }
    assertTrue(huge >= 1, "a 1280M mapping holds at least one aligned 512M block");
    assertEquals(huge, vmstat(k, "thp_fault_alloc"));
    assertEquals(huge * 512 * 1024, k.meminfo().get("AnonHugePages"));
    assertEquals(1280 * 1024, k.meminfo().get("AnonPages"));
    long basePages = (1280 * M - huge * m.pmdSize) / m.pageSize;
    assertEquals(huge + basePages, vmstat(k, "pgfault"));
    assertInvariants(k);
    mm.exit("p");
    assertInvariants(k);
  }

  @Test
  void sixteenKilobytePagesMap32MBlocksAndKhugepagedDefaultsFollowTheirPmd() {
    Kernel k = boot(1L << 30, TestPlugins.ARM64_16K, new TestPlugins.KnobPolicy());
    MemoryManager mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", 64 * M, 0, RW);
    assertEquals(0, r.start() % (32 * M), "a multiple of the PMD size is PMD-aligned");
    assertTrue(mm.touch("p", r.start(), r.end(), 16 * 1024, true));
    assertEquals(2, vmstat(k, "thp_fault_alloc"));
    assertEquals(65536, k.meminfo().get("AnonHugePages"));
    assertEquals(
        "2",
        k.knobTree()
            .find("/sys/kernel/mm/transparent_hugepage/hugepages-32768kB/stats/anon_fault_alloc")
            .read());
    assertInvariants(k);
  }

  @Test
  void sixtyFourKilobyteFoliosOnFourKilobytePagesFoldIntoContiguousSpans() {
    TestPlugins.OrdersPolicy policy = new TestPlugins.OrdersPolicy();
    policy.orders = 1L << 4;
    Kernel k = boot(256 * M, TestPlugins.ARM64_4K, policy);
    MemoryManager mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", M, 64 * 1024, RW);
    assertTrue(mm.touch("p", r.start(), r.end(), 4096, true));
    assertEquals(16, vmstat(k, "pgfault"), "one fault per 64K folio");
    assertEquals(0, vmstat(k, "thp_fault_alloc"), "vmstat counts PMD-sized faults only");
    assertEquals(
        "16",
        k.knobTree()
            .find("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/stats/anon_fault_alloc")
            .read());
    assertEquals(1024, k.meminfo().get("AnonPages"));
    assertEquals(0, k.meminfo().get("AnonHugePages"));
    for (long va = r.start(); va < r.end(); va += 4096) {
      assertTrue(Pte.isCont(mm.paths().walk.leaf(mm.process("p").mm(), va)), Long.toHexString(va));
    }
    assertInvariants(k);

    mm.fork("p", "c");
    assertTrue(mm.touch("c", r.start(), r.start() + 4096, 4096, true));
    Mm child = mm.process("c").mm();
    Mm parent = mm.process("p").mm();
    assertFalse(
        Pte.isCont(mm.paths().walk.leaf(child, r.start() + 4096)), "the COW broke the span");
    assertTrue(Pte.isCont(mm.paths().walk.leaf(child, r.start() + 64 * 1024)));
    assertTrue(
        Pte.isCont(mm.paths().walk.leaf(parent, r.start())),
        "the parent's span is read-only as a whole, still contiguous");
    assertTrue(mm.touch("p", r.start(), r.start() + 4096, 4096, true));
    assertFalse(Pte.isCont(mm.paths().walk.leaf(parent, r.start() + 4096)), "mixed permissions");
    assertInvariants(k);
    mm.exit("c");
    mm.exit("p");
    assertInvariants(k);
  }

  /** Round figures, TLBs of 4K, 64K and 2M entries, as an arm64 core with the contiguous hint. */
  private static final String ARM_PROFILE =
      """
      name: arm-test
      arch: aarch64
      description: round figures
      clock_ghz: 2.0
      tlb:
        - {name: L1 DTLB, level: 1, pages: [4K, 64K, 2M], entries: 32, ways: 32}
        - {name: L2 TLB, level: 2, pages: [4K, 64K, 2M], entries: 1024, ways: 4, hit_cycles: 4}
      walk_cache: {L0: 2, L1: 4, L2: 16}
      walk_start_cycles: 10
      caches:
        l1d: {size: 64K, latency_cycles: 4, bandwidth_gbs: 32}
        l2: {size: 1M, latency_cycles: 12, bandwidth_gbs: 16}
        llc: {size: 8M, latency_cycles: 40, bandwidth_gbs: 8}
      memory: {latency_ns: 80, bandwidth_gbs: 4, copy_gbs: 2}
      fault: {fixed_ns: 1000, huge_fixed_ns: 3000, clear_gbs: 4, swap_in_us: 50}
      """;

  private static long tlbMissesTouching1M(long folioOrders, java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path profile = dir.resolve("arm-test.yaml");
    java.nio.file.Files.writeString(profile, ARM_PROFILE);
    Kernel k =
        Kernel.create(new KernelConfig(256 * M, 0, "", 0, 0, null, profile.toString(), null, 0));
    TestPlugins.OrdersPolicy policy = new TestPlugins.OrdersPolicy();
    policy.orders = folioOrders;
    TestPlugins.fill(
        k, "aarch64", TestPlugins.ARM64_4K, TestPlugins.FirstFitAllocator::new, () -> policy);
    MemoryManager mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", M, 64 * 1024, RW);
    mm.touch("p", r.start(), r.end(), 4096, true);
    mm.touch("p", r.start(), r.end(), 4096, false);
    assertEquals(4.0, k.cost().totals().walkRefsPerWalk(), "a span is walked to its PTE");
    return k.cost().totals().tlbL2Misses();
  }

  @Test
  void aContiguousSpanIsOneTlbEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertEquals(
        256,
        tlbMissesTouching1M(0, dir),
        "one miss per 4K page, then the 256 entries fit the L2 TLB");
    assertEquals(16, tlbMissesTouching1M(1L << 4, dir), "one miss per 64K span");
  }

  @Test
  void anotherGeometryRebuildsTheMachineUntilTheFirstProcessThenIsRefused() {
    Kernel k = Kernel.create(KernelConfig.ofMemory(256 * M));
    TestPlugins.fillX86(k, TestPlugins.FirstFitAllocator::new);
    assertEquals(65536, k.memory().frameCount());
    offerArch(k, "arm64-64k", TestPlugins.ARM64_64K, 10);
    assertEquals(4096, k.memory().frameCount(), "256M of 64K frames");
    assertEquals(4096, k.allocator().get().freeBlocks(0), "the allocator attached afresh");
    String stats = "/sys/kernel/mm/transparent_hugepage/hugepages-%dkB/stats/anon_fault_alloc";
    assertTrue(k.knobTree().find(String.format(stats, 512 * 1024)) != null);
    assertTrue(k.knobTree().find(String.format(stats, 16)) == null, "x86's 16K size is gone");
    k.mm().spawn("p");
    offerArch(k, "arm64-16k", TestPlugins.ARM64_16K, 20);
    assertEquals("arm64-64k", k.architecture().occupantName());
    assertTrue(
        k.events().ofType("warning").stream()
            .anyMatch(e -> e.message().contains("processes have page tables of aarch64")));
  }

  @Test
  void madviseCollapseWorksOnTheMachineThatReplacedTheFirstOne() throws Exception {
    Kernel k = Kernel.create(KernelConfig.ofMemory(256 * M));
    TestPlugins.fillX86(k, TestPlugins.FirstFitAllocator::new);
    offerArch(k, "arm64-16k", TestPlugins.ARM64_16K, 10);
    k.knobTree().find(TestPlugins.KnobPolicy.ENABLED).write("never");
    MemoryManager mm = k.mm();
    mm.spawn("p");
    Process.Region r = mm.mmapAnonymous("p", "a", 32 * M, 0, RW);
    assertTrue(mm.touch("p", r.start(), r.end(), 16 * 1024, true));
    assertFalse(mm.views().huge("p", r.start(), r.end()));
    assertEquals(null, mm.madviseCollapse("p", r.start(), r.end()));
    assertTrue(mm.views().huge("p", r.start(), r.end()), "one 32M PMD of 16K pages");
    assertInvariants(k);
  }

  @Test
  void memoryThatIsNotAMultipleOfThePageIsRefusedWithBothSizes() {
    Kernel k = Kernel.create(KernelConfig.ofMemory(64 * M + 4096));
    offerArch(k, "arm64-64k", TestPlugins.ARM64_64K, 10);
    assertTrue(k.architecture().isEmpty());
    assertEquals(
        "the machine's memory, 65540K, is not a multiple of its 64K base page",
        k.slots().refusal(Architecture.SLOT));
  }

  private static void offerArch(Kernel k, String name, MachineGeometry g, int ranking) {
    k.slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(
                    Architecture.SLOT, name, ranking, () -> TestPlugins.arch("aarch64", g))));
    k.slots().applyPending();
  }
}
