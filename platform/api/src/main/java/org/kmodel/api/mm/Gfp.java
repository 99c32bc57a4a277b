package org.kmodel.api.mm;

import org.osgi.annotation.versioning.ProviderType;

/** Allocation flags passed to {@link PageAllocator#allocate}, after Linux's GFP bits. */
@ProviderType
public final class Gfp {
  /** The page can be migrated later (anonymous user memory). */
  public static final int MOVABLE = 1;

  /** The caller allows direct compaction to make a block of the requested order. */
  public static final int DIRECT_COMPACT = 1 << 1;

  /** A transparent huge page: failure is expected and silently handled by the caller. */
  public static final int TRANSHUGE = 1 << 2;

  private Gfp() {}

  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }
}
