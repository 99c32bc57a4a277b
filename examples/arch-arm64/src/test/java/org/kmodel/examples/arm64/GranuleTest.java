package org.kmodel.examples.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/** The page tables of each granule, against arch/arm64's Kconfig and pgtable-hwdef.h. */
class GranuleTest {

  private static List<String> names(MachineGeometry g) {
    return g.levels().stream().map(PageTableLevel::name).toList();
  }

  private static long size(MachineGeometry g, int order) {
    return 1L << (g.pageShift() + order);
  }

  @Test
  void fourKilobyteGranuleWith48BitsHasFourLevelsAnd1GAnd2MBlocks() {
    MachineGeometry g = Granule.K4.geometry(48);
    assertEquals(List.of("L0", "L1", "L2", "L3"), names(g));
    assertEquals(48, g.virtualAddressBits());
    assertEquals(List.of(0, 9, 18), g.leafOrders());
    assertEquals(List.of(4, 13), g.contiguousOrders());
    assertEquals(64 << 10, size(g, 4));
    assertEquals(32 << 20, size(g, 13));
    assertEquals(List.of(9), g.thpOrders());
    assertEquals(List.of(18, 13, 4), g.reservationOrders());
    assertEquals(10, g.maxPageOrder());
  }

  @Test
  void sixteenKilobyteGranuleMaps32MAtThePmdAnd2MSpansOf128Ptes() {
    MachineGeometry g = Granule.K16.geometry(48);
    assertEquals(List.of("L0", "L1", "L2", "L3"), names(g));
    assertEquals(2, g.levels().get(0).entries());
    assertEquals(14, g.pageShift());
    assertEquals(List.of(0, 11), g.leafOrders());
    assertEquals(32 << 20, size(g, 11));
    assertEquals(128, g.levels().get(3).contiguousEntries());
    assertEquals(2 << 20, size(g, 7));
    assertEquals(1L << 30, size(g, 16));
    assertEquals(11, g.maxPageOrder());
  }

  @Test
  void sixtyFourKilobyteGranuleHasThreeLevelsAnd512MBlocks() {
    MachineGeometry g = Granule.K64.geometry(48);
    assertEquals(List.of("L1", "L2", "L3"), names(g));
    assertEquals(64, g.levels().get(0).entries());
    assertEquals(8192, g.levels().get(2).entries());
    assertEquals(List.of(0, 13), g.leafOrders());
    assertEquals(512 << 20, size(g, 13));
    assertEquals(List.of(13), g.thpOrders());
    assertEquals(List.of(5, 18), g.contiguousOrders());
    assertEquals(16L << 30, size(g, 18));
    assertEquals(13, g.maxPageOrder());
    assertEquals(3, g.walkReferences(0));
    assertEquals(2, g.walkReferences(13));
    assertEquals(3, g.walkReferences(5), "a contiguous span is read as one of its PTEs");
  }

  @Test
  void smallerAddressSpacesDropTheTopLevel() {
    assertEquals(List.of("L1", "L2", "L3"), names(Granule.K4.geometry(39)));
    assertEquals(List.of(0, 9, 18), Granule.K4.geometry(39).leafOrders());
    assertEquals(List.of("L1", "L2", "L3"), names(Granule.K16.geometry(47)));
    assertEquals(List.of("L2", "L3"), names(Granule.K64.geometry(42)));
  }

  @Test
  void bootParametersNameTheGranuleAndBadOnesAreRefusedWithTheChoices() {
    assertEquals(Granule.K4, Granule.parse(null));
    assertEquals(Granule.K64, Granule.parse("64k"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Granule.parse("8K"));
    assertEquals("arm64.granule=8K: the granule is 4K, 16K or 64K", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Granule.K64.geometry(39));
    assertEquals("arm64.va_bits=39: a 64K granule offers [42, 48] bits", e.getMessage());
  }
}
