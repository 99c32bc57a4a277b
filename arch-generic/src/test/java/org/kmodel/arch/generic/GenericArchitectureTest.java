package org.kmodel.arch.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.machine.MachineGeometry;

class GenericArchitectureTest {
  private final GenericArchitecture arch = new GenericArchitecture();
  private final MachineGeometry geometry = arch.geometry();

  @Test
  void unameMachine() {
    assertEquals("generic", arch.machine());
  }

  @Test
  void threeLevelPagingTranslates39BitsWith4KiBPages() {
    assertEquals(39, geometry.virtualAddressBits());
    assertEquals(12, geometry.pageShift());
    assertEquals(3, geometry.depth());
  }

  @Test
  void everyWalkGoesDownToThePte() {
    assertEquals(3, geometry.walkReferences(0));
  }

  @Test
  void noLevelAboveThePteMapsPages() {
    assertEquals(-1, geometry.levelIndexFor(9));
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(9));
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(18));
  }

  @Test
  void basePagesOnly() {
    assertTrue(geometry.thpOrders().isEmpty());
    assertTrue(geometry.reservationOrders().isEmpty());
    assertEquals(List.of(0), geometry.mappableOrders());
  }

  @Test
  void theDefaultProfileIsItsOwn() {
    assertEquals("generic", arch.defaultCpuProfile());
  }
}
