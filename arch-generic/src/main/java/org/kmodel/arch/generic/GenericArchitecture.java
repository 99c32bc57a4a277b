package org.kmodel.arch.generic;

import org.kmodel.api.Plugin;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
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
    property = {Plugin.NAME_PROPERTY + "=arch-generic", "service.ranking:Integer=50"})
public final class GenericArchitecture implements Architecture {
  private static final MachineGeometry GEOMETRY =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("PGD", 30, 9),
              PageTableLevel.table("PMD", 21, 9),
              PageTableLevel.leaf("PTE", 12, 9))
          .build();

  @Override
  public String machine() {
    return "generic";
  }

  @Override
  public MachineGeometry geometry() {
    return GEOMETRY;
  }

  /** The profile written for this port: a 3-level, 4 KiB-only MMU. */
  @Override
  public String defaultCpuProfile() {
    return "generic";
  }
}
