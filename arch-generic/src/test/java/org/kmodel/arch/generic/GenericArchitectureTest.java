package org.kmodel.arch.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.CpuProfile;
import org.kmodel.api.arch.PageTableGeometry;

class GenericArchitectureTest {
  private final GenericArchitecture arch = new GenericArchitecture();
  private final PageTableGeometry geometry = arch.geometry();

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
    assertNull(geometry.leafLevelFor(9));
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(9));
    assertThrows(IllegalArgumentException.class, () -> geometry.walkReferences(18));
  }

  @Test
  void basePagesOnly() {
    assertTrue(arch.thpOrders().isEmpty());
    assertTrue(arch.reservationOrders().isEmpty());
  }

  @Test
  void aProfileKeepsOnlyBasePageTlbsAndTheWalkCachesOfItsOwnLevels() {
    CpuProfile profile =
        new CpuProfile(
            "g",
            "generic",
            "",
            1.5,
            List.of(
                new CpuProfile.TlbSpec("L1", 1, List.of(0, 9), 32, 32, 0),
                new CpuProfile.TlbSpec("L1 2M", 1, List.of(9), 16, 16, 0),
                new CpuProfile.TlbSpec("L2", 2, List.of(0), 1024, 4, 7)),
            Map.of("PGD", 4, "PUD", 4, "PMD", 16),
            5,
            new CpuProfile.CacheSpec(32 << 10, 4, 20),
            new CpuProfile.CacheSpec(1 << 20, 20, 15),
            new CpuProfile.CacheSpec(1 << 20, 20, 15),
            new CpuProfile.MemorySpec(110, 5, 3),
            new CpuProfile.FaultSpec(1500, 0, 5, 100));
    CpuProfile fitted = arch.fitProfile(profile);
    assertEquals(
        List.of("L1", "L2"), fitted.tlbs().stream().map(CpuProfile.TlbSpec::name).toList());
    assertEquals(List.of(0), fitted.tlbs().get(0).orders());
    assertEquals(Map.of("PGD", 4, "PMD", 16), fitted.walkCache());
  }

  @Test
  void aNestedWalkOverThreeLevelsTakes15References() {
    assertEquals(15, arch.nestedWalkReferences(0, 0));
    assertEquals("generic", arch.defaultCpuProfile());
  }
}
