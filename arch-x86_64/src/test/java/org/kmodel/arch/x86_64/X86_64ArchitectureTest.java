package org.kmodel.arch.x86_64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.PageTableGeometry;
import org.kmodel.api.arch.PageTableLevel;

class X86_64ArchitectureTest {
  private final X86_64Architecture arch = new X86_64Architecture();
  private final PageTableGeometry geometry = arch.geometry();

  @Test
  void unameMachine() {
    assertEquals("x86_64", arch.machine());
  }

  @Test
  void fourLevelPagingTranslates48BitsWith4KiBPages() {
    assertEquals(48, geometry.virtualAddressBits());
    assertEquals(12, geometry.pageShift());
    assertEquals(4, geometry.depth());
    assertEquals(
        List.of("PGD", "PUD", "PMD", "PTE"),
        geometry.levels().stream().map(PageTableLevel::name).toList());
  }

  @Test
  void hugeLeavesShortenTheWalk() {
    assertEquals(4, geometry.walkReferences(0));
    assertEquals(3, geometry.walkReferences(9));
    assertEquals(2, geometry.walkReferences(18));
  }

  @Test
  void pmdMaps2MiBAndPudMaps1GiB() {
    assertEquals(2L << 20, geometry.leafLevelFor(9).entrySize());
    assertEquals(1L << 30, geometry.leafLevelFor(18).entrySize());
    assertEquals(512, geometry.leafLevelFor(9).entries());
  }

  @Test
  void pgdEntriesAreNeverLeaves() {
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(27));
  }

  @Test
  void thpAtThePmdAndReservationOnlyAtThePud() {
    assertEquals(List.of(9), arch.thpOrders());
    assertEquals(List.of(18), arch.reservationOrders());
  }
}
