package org.kmodel.thp.linux;

import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/** A geometry whose PMD is not x86-64's, to check the limits that follow from it. */
final class Arm64Geometry {
  private Arm64Geometry() {}

  /** arm64 with 64 KiB pages and 48-bit addresses: 512 MiB PMD leaves of 8192 PTEs. */
  static MachineGeometry with64KiBPages() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 42, 6),
            PageTableLevel.leaf("PMD", 29, 13),
            PageTableLevel.leaf("PTE", 16, 13).withContiguous(32))
        .thpOrders(13)
        .maxPageOrder(13)
        .build();
  }
}
