package org.kmodel.arch.x86_64;

import org.kmodel.api.Plugin;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * x86-64 with 4-level paging (48-bit virtual addresses, no LA57): 4 KiB pages at the PTE, 2 MiB
 * leaves at the PMD and 1 GiB leaves at the PUD.
 *
 * <p>Only the PMD order is offered to THP. The PUD leaf exists in the hardware but Linux maps it
 * only through hugetlbfs reservations (PUD-sized THP for anonymous memory never landed), so order
 * 18 is a reservation order. Both orders are derived from the levels rather than written down a
 * second time, so the two cannot disagree. x86-64 has no contiguous-PTE hint.
 */
@Component(
    service = Architecture.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=arch-x86_64", "service.ranking:Integer=100"})
public final class X86_64Architecture implements Architecture {
  private static final PageTableLevel PGD = PageTableLevel.table("PGD", 39, 9);
  private static final PageTableLevel PUD = PageTableLevel.leaf("PUD", 30, 9);
  private static final PageTableLevel PMD = PageTableLevel.leaf("PMD", 21, 9);
  private static final PageTableLevel PTE = PageTableLevel.leaf("PTE", 12, 9);

  private static final MachineGeometry GEOMETRY =
      MachineGeometry.builder()
          .levels(PGD, PUD, PMD, PTE)
          .thpOrders(PMD.shift() - PTE.shift())
          .reservationOrders(PUD.shift() - PTE.shift())
          .build();

  @Override
  public String machine() {
    return "x86_64";
  }

  @Override
  public MachineGeometry geometry() {
    return GEOMETRY;
  }

  /** A Skylake-class core: the commonest x86-64 server microarchitecture still in service. */
  @Override
  public String defaultCpuProfile() {
    return "skylake";
  }
}
