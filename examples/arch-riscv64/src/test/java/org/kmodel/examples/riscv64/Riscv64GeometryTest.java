package org.kmodel.examples.riscv64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/** Sv39 and Sv48 as the privileged spec and arch/riscv lay them out. */
class Riscv64GeometryTest {

  private static List<String> names(MachineGeometry g) {
    return g.levels().stream().map(PageTableLevel::name).toList();
  }

  @Test
  void sv48HasFourLevelsWithMegaAndGigapages() {
    MachineGeometry g = Riscv64Architecture.geometry(false, false);
    assertEquals(List.of("L3", "L2", "L1", "L0"), names(g));
    assertEquals(48, g.virtualAddressBits());
    assertEquals(List.of(0, 9, 18), g.leafOrders());
    assertEquals(List.of(), g.contiguousOrders());
    assertEquals(List.of(9), g.thpOrders());
    assertEquals(List.of(18), g.reservationOrders());
    assertEquals(10, g.maxPageOrder());
    assertEquals(4, g.walkReferences(0));
    assertEquals(3, g.walkReferences(9));
  }

  @Test
  void no4lvlGivesSv39() {
    MachineGeometry g = Riscv64Architecture.geometry(true, false);
    assertEquals(List.of("L2", "L1", "L0"), names(g));
    assertEquals(39, g.virtualAddressBits());
    assertEquals(1, g.walkReferences(18));
  }

  @Test
  void svnapotAddsSixtyFourKilobyteSpansOfSixteenPtes() {
    MachineGeometry g = Riscv64Architecture.geometry(false, true);
    assertEquals(List.of(4), g.contiguousOrders());
    assertEquals(16, g.levels().get(3).contiguousEntries());
    assertEquals(List.of(18, 4), g.reservationOrders());
    assertEquals(4, g.walkReferences(4));
  }
}
