package org.kmodel.thp.linux;

import java.util.List;
import org.kmodel.api.PluginContext;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.arch.PageTableGeometry;
import org.kmodel.api.arch.PageTableLevel;

/** Architecture ports as the THP policy sees them. */
record FakeArchitecture(String machine, PageTableGeometry geometry, List<Integer> thpOrders)
    implements Architecture {

  /** 4-level paging, 2 MiB PMD leaves. */
  static FakeArchitecture x86_64() {
    return new FakeArchitecture(
        "x86_64",
        new PageTableGeometry(
            List.of(
                new PageTableLevel("PGD", 39, 9, false),
                new PageTableLevel("PUD", 30, 9, true),
                new PageTableLevel("PMD", 21, 9, true),
                new PageTableLevel("PTE", 12, 9, true))),
        List.of(9));
  }

  /** arm64 with 64 KiB pages and 48-bit addresses: 512 MiB PMD leaves of 8192 PTEs. */
  static FakeArchitecture arm64With64KiBPages() {
    return new FakeArchitecture(
        "aarch64",
        new PageTableGeometry(
            List.of(
                new PageTableLevel("PGD", 42, 6, false),
                new PageTableLevel("PMD", 29, 13, true),
                new PageTableLevel("PTE", 16, 13, true))),
        List.of(13));
  }

  /** Base pages only. */
  static FakeArchitecture generic() {
    return new FakeArchitecture(
        "generic",
        new PageTableGeometry(
            List.of(
                new PageTableLevel("PGD", 30, 9, false),
                new PageTableLevel("PMD", 21, 9, false),
                new PageTableLevel("PTE", 12, 9, true))),
        List.of());
  }

  @Override
  public List<Integer> reservationOrders() {
    return List.of();
  }

  @Override
  public void attach(PluginContext context) {}
}
