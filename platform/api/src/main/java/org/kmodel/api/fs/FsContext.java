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

  /**
   * Runs {@code task} as a simulated thread of its own, named {@code name} (unique within the run,
   * and the same on every replay of it): a kernel worker such as the end_io work of a write. Its
   * steps interleave with every other task's, and the run waits for it to finish.
   */
  void spawn(String name, FsTask task);
}
