package org.kmodel.arch.x86_64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

class X86_64ArchitectureTest {
  private final X86_64Architecture arch = new X86_64Architecture();
  private final MachineGeometry geometry = arch.geometry();

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
    assertEquals(2L << 20, geometry.levels().get(geometry.levelIndexFor(9)).entrySize());
    assertEquals(1L << 30, geometry.levels().get(geometry.levelIndexFor(18)).entrySize());
    assertEquals(512, geometry.levels().get(geometry.levelIndexFor(9)).entries());
    assertEquals(List.of(0, 9, 18), geometry.leafOrders());
  }

  @Test
  void pgdEntriesAreNeverLeavesAndNoLevelHasAContiguousSpan() {
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(27));
    assertEquals(List.of(), geometry.contiguousOrders());
  }

  @Test
  void thpAtThePmdAndReservationOnlyAtThePud() {
    assertEquals(List.of(9), geometry.thpOrders());
    assertEquals(List.of(18), geometry.reservationOrders());
    assertEquals(10, geometry.maxPageOrder());
  }

  @Test
  void theDefaultProfileIsSkylakeClass() {
    assertEquals("skylake", arch.defaultCpuProfile());
  }
}
