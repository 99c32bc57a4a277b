package org.kmodel.api.mm;

import org.osgi.annotation.versioning.ProviderType;

/** VMA flag bits, with the values Linux gives them in {@code vm_flags}. */
@ProviderType
public final class VmFlags {
  public static final long READ = 0x1;
  public static final long WRITE = 0x2;
  public static final long EXEC = 0x4;
  public static final long SHARED = 0x8;

  /** MADV_HUGEPAGE was applied. */
  public static final long HUGEPAGE = 0x20000000L;

  /** MADV_NOHUGEPAGE was applied. */
  public static final long NOHUGEPAGE = 0x40000000L;

  private VmFlags() {}
}
