package org.kmodel.thp.linux;

import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/** Machine geometries as the THP policy sees them. */
final class FakeArchitecture {
  private FakeArchitecture() {}

  /** 4-level paging, 2 MiB PMD leaves. */
  static MachineGeometry x86_64() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 39, 9),
            PageTableLevel.leaf("PUD", 30, 9),
            PageTableLevel.leaf("PMD", 21, 9),
            PageTableLevel.leaf("PTE", 12, 9))
        .thpOrders(9)
        .build();
  }

  /** arm64 with 64 KiB pages and 48-bit addresses: 512 MiB PMD leaves of 8192 PTEs. */
  static MachineGeometry arm64With64KiBPages() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 42, 6),
            PageTableLevel.leaf("PMD", 29, 13),
            PageTableLevel.leaf("PTE", 16, 13).withContiguous(32))
        .thpOrders(13)
        .maxPageOrder(13)
        .build();
  }

  /** Base pages only. */
  static MachineGeometry generic() {
    return MachineGeometry.builder()
        .levels(
            PageTableLevel.table("PGD", 30, 9),
            PageTableLevel.table("PMD", 21, 9),
            PageTableLevel.leaf("PTE", 12, 9))
        .build();
  }
}
