package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MmTest {
  private static final long M2 = 2L << 20;
  private final Mm mm = new Mm(4096);

  @Test
  void mappingsArePlacedTopDownBelowTheMmapBase() {
    long a = mm.unmappedArea(M2, M2);
    mm.map(a, M2, 3);
    assertEquals(Mm.MMAP_BASE - M2, a);
    long b = mm.unmappedArea(1L << 30, 4096);
    mm.map(b, 1L << 30, 3);
    assertEquals(a - (1L << 30), b);
    long c = mm.unmappedArea(4096, 4096);
    assertEquals(b - 4096, c);
  }

  @Test
  void alignmentRoundsTheStartDownAndLeavesAGap() {
    mm.map(mm.unmappedArea(4096, 4096), 4096, 3);
    long huge = mm.unmappedArea(M2, M2);
    assertEquals(0, huge % M2);
    assertEquals(Mm.MMAP_BASE - 2 * M2, huge);
  }

  @Test
  void aHoleBetweenMappingsIsReused() {
    long top = Mm.MMAP_BASE - 4 * 4096;
    mm.map(top, 4 * 4096, 3);
    mm.map(top - 8 * 4096, 4 * 4096, 3);
    assertEquals(top - 4 * 4096, mm.unmappedArea(4 * 4096, 4096));
  }

  @Test
  void findAndOverlappingSeeTheRightVmas() {
    Vma v = mm.map(0x100000, 0x10000, 3);
    assertSame(v, mm.find(0x100000));
    assertSame(v, mm.find(0x10ffff));
    assertNull(mm.find(0x110000));
    assertEquals(1, mm.overlapping(0x10f000, 0x200000).size());
    assertEquals(0, mm.overlapping(0x110000, 0x200000).size());
  }
}
