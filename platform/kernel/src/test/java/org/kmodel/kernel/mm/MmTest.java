package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MmTest {
  private static final long M2 = 2L << 20;
  private final Mm mm = new Mm(4096, Mm.MMAP_BASE);

  @Test
  void mappingsArePlacedTopDownBelowTheMmapBase() {
    long a = mm.unmappedArea(M2, M2);
    mm.insert(a, M2, 3, 0);
    assertEquals(Mm.MMAP_BASE - M2, a);
    long b = mm.unmappedArea(1L << 30, 4096);
    mm.insert(b, 1L << 30, 3, 0);
    assertEquals(a - (1L << 30), b);
    long c = mm.unmappedArea(4096, 4096);
    assertEquals(b - 4096, c);
  }

  @Test
  void alignmentRoundsTheStartDownAndLeavesAGap() {
    mm.insert(mm.unmappedArea(4096, 4096), 4096, 3, 0);
    long huge = mm.unmappedArea(M2, M2);
    assertEquals(0, huge % M2);
    assertEquals(Mm.MMAP_BASE - 2 * M2, huge);
  }

  @Test
  void aHoleBetweenMappingsIsReused() {
    long top = Mm.MMAP_BASE - 4 * 4096;
    mm.insert(top, 4 * 4096, 3, 0);
    mm.insert(top - 8 * 4096, 4 * 4096, 3, 0);
    assertEquals(top - 4 * 4096, mm.unmappedArea(4 * 4096, 4096));
  }

  @Test
  void findAndOverlappingSeeTheRightVmas() {
    Vma v = mm.insert(0x100000, 0x10000, 3, 0);
    assertSame(v, mm.find(0x100000));
    assertSame(v, mm.find(0x10ffff));
    assertNull(mm.find(0x110000));
    assertEquals(1, mm.overlapping(0x10f000, 0x200000).size());
    assertEquals(0, mm.overlapping(0x110000, 0x200000).size());
  }
}
