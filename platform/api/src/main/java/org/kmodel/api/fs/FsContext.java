package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ProviderType;

/** What the kernel hands a filesystem it makes. Use only on the simulation thread. */
@ProviderType
public interface FsContext {

  /**
   * Records an event: {@code data-loss} (a read that cannot be served or returns stale data),
   * {@code warning} (e.g. used bytes left when a chunk is removed), {@code enospc}, {@code
   * relocation}, ...
   */
  void event(String type, String message);

  /** The relocation strategy attached now, or {@code null} when the slot is empty. */
  RelocationStrategy relocation();

  /** Simulated time in nanoseconds. */
  long nowNanos();
}
