package org.kmodel.kernel.mm;

import org.kmodel.api.mm.VmaView;

/**
 * A virtual memory area: [start, end) with vm_flags, its page offset (vm_pgoff, kept across mremap
 * and splits so reverse mapping stays valid) and its anon_vma (made at the first fault).
 */
public final class Vma implements VmaView {
  /** {@code VM_DONTCOPY} (MADV_DONTFORK): fork does not copy this VMA into the child. */
  public static final long DONTCOPY = 0x00020000L;

  private final Mm mm;
  private long start;
  private long end;
  private long flags;
  private long pgoff;
  private AnonVma anonVma;

  Vma(Mm mm, long start, long end, long flags, long pgoff) {
    if (start >= end) {
      throw new IllegalArgumentException("empty vma");
    }
    this.mm = mm;
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.pgoff = pgoff;
  }

  public Mm mm() {
    return mm;
  }

  @Override
  public long start() {
    return start;
  }

  @Override
  public long end() {
    return end;
  }

  @Override
  public long flags() {
    return flags;
  }

  @Override
  public boolean anonymous() {
    return true;
  }

  public long length() {
    return end - start;
  }

  public long pgoff() {
    return pgoff;
  }

  public AnonVma anonVma() {
    return anonVma;
  }

  void setFlags(long flags) {
    this.flags = flags;
  }

  void setBounds(long start, long end, long pgoff) {
    mm.invalidateCache();
    this.start = start;
    this.end = end;
    this.pgoff = pgoff;
  }

  void setAnonVma(AnonVma anonVma) {
    this.anonVma = anonVma;
  }

  @Override
  public String toString() {
    return String.format("%012x-%012x flags=%x pgoff=%x", start, end, flags, pgoff);
  }
}
