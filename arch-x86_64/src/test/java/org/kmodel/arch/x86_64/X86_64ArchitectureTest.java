package org.kmodel.arch.x86_64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.CpuProfile;
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

  private static CpuProfile profile(String arch) {
    return new CpuProfile(
        "p",
        arch,
        "",
        3.0,
        List.of(
            new CpuProfile.TlbSpec("L1 4K", 1, List.of(0), 64, 4, 0),
            new CpuProfile.TlbSpec("L1 2M", 1, List.of(9), 32, 4, 0),
            new CpuProfile.TlbSpec("L1 1G", 1, List.of(18), 4, 4, 0),
            new CpuProfile.TlbSpec("L1 16K", 1, List.of(2), 16, 4, 0),
            new CpuProfile.TlbSpec("STLB", 2, List.of(0, 9, 2), 1536, 12, 9)),
        Map.of("PGD", 2, "PUD", 4, "PMD", 32, "PTE", 8, "P4D", 1),
        10,
        new CpuProfile.CacheSpec(32 << 10, 4, 50),
        new CpuProfile.CacheSpec(1 << 20, 14, 30),
        new CpuProfile.CacheSpec(32 << 20, 45, 20),
        new CpuProfile.MemorySpec(90, 10, 8),
        new CpuProfile.FaultSpec(800, 3000, 10, 80));
  }

  @Test
  void aProfileKeepsTheTlbArraysForPageSizesX86MapsAndTheWalkCachesOfTableLevels() {
    CpuProfile fitted = arch.fitProfile(profile("x86_64"));
    assertEquals(
        List.of("L1 4K", "L1 2M", "L1 1G", "STLB"),
        fitted.tlbs().stream().map(CpuProfile.TlbSpec::name).toList());
    assertEquals(List.of(0, 9), fitted.tlbs().get(3).orders());
    assertEquals(Map.of("PGD", 2, "PUD", 4, "PMD", 32), fitted.walkCache());
  }

  @Test
  void aProfileForAnotherArchitectureIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> arch.fitProfile(profile("generic")));
    assertEquals("CPU profile p describes generic, not x86_64", e.getMessage());
  }

  @Test
  void nestedWalksTake24_19_15References() {
    assertEquals(24, arch.nestedWalkReferences(0, 0));
    assertEquals(19, arch.nestedWalkReferences(9, 0));
    assertEquals(19, arch.nestedWalkReferences(0, 9));
    assertEquals(15, arch.nestedWalkReferences(9, 9));
  }

  @Test
  void theDefaultProfileIsSkylakeClass() {
    assertEquals("skylake", arch.defaultCpuProfile());
  }
}
