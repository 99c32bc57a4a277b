package org.kmodel.arch.generic;

import java.util.List;
import org.kmodel.api.Slot;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.arch.PageTableGeometry;
import org.kmodel.api.arch.PageTableLevel;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * A port with 3-level paging over 39-bit virtual addresses and no huge leaves, like an MMU without
 * PMD block mappings (or a kernel built without them): every mapping is a 4 KiB PTE.
 *
 * <p>It exists to check that the rest of the model degrades as Linux does when {@code
 * has_transparent_hugepage()} is false: no THP and no hugetlb orders, so THP knobs and counters
 * must be absent rather than present and inert.
 */
@Component(
    service = Architecture.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Slot.NAME_PROPERTY + "=arch-generic", "service.ranking:Integer=50"})
public final class GenericArchitecture implements Architecture {
  private static final PageTableGeometry GEOMETRY =
      new PageTableGeometry(
          List.of(
              new PageTableLevel("PGD", 30, 9, false),
              new PageTableLevel("PMD", 21, 9, false),
              new PageTableLevel("PTE", 12, 9, true)));

  @Override
  public String machine() {
    return "generic";
  }

  @Override
  public PageTableGeometry geometry() {
    return GEOMETRY;
  }

  @Override
  public List<Integer> thpOrders() {
    return List.of();
  }

  @Override
  public List<Integer> reservationOrders() {
    return List.of();
  }

  /** The profile written for this port: a 3-level, 4 KiB-only MMU. */
  @Override
  public String defaultCpuProfile() {
    return "generic";
  }
}
