package org.kmodel.api;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Names one plugin slot of a kernel and the service interface its implementations register under.
 * Each contract declares its own slot beside it ({@code Architecture.SLOT}, {@code ThpPolicy.SLOT},
 * ...), so this package knows no contract.
 *
 * <p>A slot holds at most one implementation at a time. A service names itself with the {@link
 * Plugin#NAME_PROPERTY} service property; scenarios pin and swap implementations by that name, and
 * when none is pinned the service with the highest {@code service.ranking} wins.
 *
 * @param <T> the service interface
 */
@ProviderType
public final class SlotId<T extends Plugin> {
  private final String id;
  private final Class<T> serviceType;

  private SlotId(String id, Class<T> serviceType) {
    if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a slot id is lower case letters, digits and '-': " + id);
    }
    this.id = id;
    this.serviceType = Objects.requireNonNull(serviceType, "serviceType");
  }

  /**
   * A slot named {@code id} (its name in scenario files and the event log, e.g. {@code thp-policy})
   * filled by services of {@code serviceType}.
   */
  public static <T extends Plugin> SlotId<T> of(String id, Class<T> serviceType) {
    return new SlotId<>(id, serviceType);
  }

  /** The slot's name in scenario files and in the event log, e.g. {@code thp-policy}. */
  public String id() {
    return id;
  }

  /** The service interface implementations of this slot register under. */
  public Class<T> serviceType() {
    return serviceType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotId<?> s && s.id.equals(id) && s.serviceType == serviceType;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
