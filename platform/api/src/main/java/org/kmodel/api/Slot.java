package org.kmodel.api;

import org.kmodel.api.arch.Architecture;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;

/**
 * The plugin slots of a kernel. A slot holds at most one implementation at a time; the container
 * fills it from the services registered under {@link #serviceType()}.
 *
 * <p>A service names itself with the {@link #NAME_PROPERTY} service property (for example {@code
 * thp-linux}); scenarios and the {@code swap} step refer to implementations by that name. When no
 * name is pinned, the service with the highest {@code service.ranking} wins.
 */
public enum Slot {
  ARCH("arch", Architecture.class),
  ALLOCATOR("allocator", PageAllocator.class),
  THP_POLICY("thp-policy", ThpPolicy.class),
  FILESYSTEM("filesystem", FileSystemType.class),
  RELOCATION("relocation", RelocationStrategy.class);

  /** Service property holding the implementation's name, e.g. {@code allocator-buddy}. */
  public static final String NAME_PROPERTY = "kmodel.name";

  private final String id;
  private final Class<? extends Plugin> serviceType;

  Slot(String id, Class<? extends Plugin> serviceType) {
    this.id = id;
    this.serviceType = serviceType;
  }

  /** The slot's name in scenario files and in the event log, e.g. {@code thp-policy}. */
  public String id() {
    return id;
  }

  /** The service interface implementations of this slot register under. */
  public Class<? extends Plugin> serviceType() {
    return serviceType;
  }

  /** The slot with the given scenario name, or {@code null}. */
  public static Slot byId(String id) {
    for (Slot s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }
}
