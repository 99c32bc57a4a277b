package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.kernel.mm.MmHarness.K4;

import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmFlags;

/** Compaction's migrate_pages through the frame table: content, mappings and counts follow. */
class MigrationTest {
  private final MmHarness h = new MmHarness(32L << 20, 0);

  private long pfnAt(String pid, long va) {
    return Pte.payload(h.mm.paths().walk.leaf(h.mm.process(pid).mm(), va));
  }

  private long freeFrameAbove(long pfn) {
    PhysicalMemory mem = h.kernel.memory();
    for (long f = mem.frameCount() - 1; f > pfn; f--) {
      if (mem.isFree(f)) {
        return f;
      }
    }
    throw new IllegalStateException("no free frame");
  }

  @Test
  void aPageSharedAfterForkMovesWithBothMappings() {
    h.thp("never");
    h.mm.spawn("p");
    Process.Region r = h.mm.mmapAnonymous("p", "a", 16 * K4, 0, VmFlags.READ | VmFlags.WRITE);
    h.mm.fill("p", r.start(), r.end(), 77);
    h.mm.fork("p", "c");
    long from = pfnAt("p", r.start() + 5 * K4);
    long to = freeFrameAbove(from);
    PhysicalMemory mem = h.kernel.memory();
    assertTrue(mem.isMovable(from));
    assertTrue(mem.migrate(from, to));
    assertTrue(mem.isFree(from));
    assertEquals(to, pfnAt("p", r.start() + 5 * K4));
    assertEquals(to, pfnAt("c", r.start() + 5 * K4));
    assertEquals(2, mem.mapcount(to));
    assertEquals(77, h.mm.contentAt("c", r.start() + 5 * K4));
    h.assertInvariants();
  }

  @Test
  void aPageTableOrAHugePageIsNotMovable() {
    h.mm.spawn("p");
    Process.Region r = h.mm.mmapAnonymous("p", "a", 2L << 20, 0, VmFlags.READ | VmFlags.WRITE);
    h.mm.fill("p", r.start(), r.end(), 1);
    long head = pfnAt("p", r.start());
    assertFalse(h.kernel.memory().isMovable(head));
    assertFalse(h.kernel.memory().migrate(head, freeFrameAbove(head)));
    h.assertInvariants();
  }
}
