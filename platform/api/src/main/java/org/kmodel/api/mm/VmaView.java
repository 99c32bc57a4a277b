package org.kmodel.api.mm;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one virtual memory area, handed to policies at decision points. Valid only
 * for the duration of the call it is passed to.
 */
@ProviderType
public interface VmaView {

  /** First address of the area (inclusive), page aligned. */
  long start();

  /** End of the area (exclusive), page aligned. */
  long end();

  /** {@link VmFlags} bits. */
  long flags();

  /** Whether this is private anonymous memory. */
  boolean anonymous();

  default boolean hasFlag(long flag) {
    return (flags() & flag) != 0;
  }
}
