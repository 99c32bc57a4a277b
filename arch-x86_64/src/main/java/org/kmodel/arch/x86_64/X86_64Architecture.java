package org.kmodel.arch.x86_64;

import java.util.List;
import org.kmodel.api.Slot;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.arch.PageTableGeometry;
import org.kmodel.api.arch.PageTableLevel;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * x86-64 with 4-level paging (48-bit virtual addresses, no LA57): 4 KiB pages at the PTE, 2 MiB
 * leaves at the PMD and 1 GiB leaves at the PUD.
 *
 * <p>Only the PMD order is offered to THP. The PUD leaf exists in the hardware but Linux maps it
 * only through hugetlbfs reservations (PUD-sized THP for anonymous memory never landed), so order
 * 18 is a reservation order. Both orders are derived from the geometry rather than written down a
 * second time, so the two cannot disagree.
 */
@Component(
    service = Architecture.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Slot.NAME_PROPERTY + "=arch-x86_64", "service.ranking:Integer=100"})
public final class X86_64Architecture implements Architecture {
  private static final PageTableLevel PGD = new PageTableLevel("PGD", 39, 9, false);
  private static final PageTableLevel PUD = new PageTableLevel("PUD", 30, 9, true);
  private static final PageTableLevel PMD = new PageTableLevel("PMD", 21, 9, true);
  private static final PageTableLevel PTE = new PageTableLevel("PTE", 12, 9, true);

  private static final PageTableGeometry GEOMETRY =
      new PageTableGeometry(List.of(PGD, PUD, PMD, PTE));

  /** HPAGE_PMD_ORDER, 9: the only transparent order. */
  private static final List<Integer> THP_ORDERS = List.of(PMD.shift() - PTE.shift());

  /** The order of a PUD leaf, 18 (1 GiB): hugetlbfs only. */
  private static final List<Integer> RESERVATION_ORDERS = List.of(PUD.shift() - PTE.shift());

  @Override
  public String machine() {
    return "x86_64";
  }

  @Override
  public PageTableGeometry geometry() {
    return GEOMETRY;
  }

  @Override
  public List<Integer> thpOrders() {
    return THP_ORDERS;
  }

  @Override
  public List<Integer> reservationOrders() {
    return RESERVATION_ORDERS;
  }

  /** A Skylake-class core: the commonest x86-64 server microarchitecture still in service. */
  @Override
  public String defaultCpuProfile() {
    return "skylake";
  }
}
