package org.kmodel.testkit.fake;

import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * Ready-made machine geometries, equal to those of the architectures the kmodel distribution ships,
 * so that a plugin can be tested against them without depending on an architecture bundle.
 */
public final class Geometries {
  private Geometries() {}

  /**
   * x86-64 with 4-level paging, as {@code arch-x86_64} declares it: 4 KiB base pages, 2 MiB PMD
   * leaves offered to THP (order 9), 1 GiB PUD leaves by reservation only (order 18), buddy blocks
   * up to order 10.
   */
  public static MachineGeometry x86_64() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 39, 9),
            PageTableLevel.leaf("PUD", 30, 9),
            PageTableLevel.leaf("PMD", 21, 9),
            PageTableLevel.leaf("PTE", 12, 9))
        .thpOrders(9)
        .reservationOrders(18)
        .build();
  }

  /**
   * Base pages only, as {@code arch-generic} declares it: 3-level paging of 4 KiB pages, no huge
   * leaves, no THP orders (a THP policy is never asked anything), buddy blocks up to order 10.
   */
  public static MachineGeometry basePagesOnly() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 30, 9),
            PageTableLevel.table("PMD", 21, 9),
            PageTableLevel.leaf("PTE", 12, 9))
        .build();
  }
}
