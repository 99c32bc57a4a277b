package org.kmodel.kernel.mm;

import org.kmodel.api.mm.VmaView;

/** A virtual memory area: [start, end) with vm_flags. Mutable; owned by its {@link Mm}. */
public final class Vma implements VmaView {
  private long start;
  private long end;
  private long flags;
  private final boolean anonymous;

  public Vma(long start, long end, long flags, boolean anonymous) {
    if (start >= end) {
      throw new IllegalArgumentException("empty vma");
    }
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.anonymous = anonymous;
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
    return anonymous;
  }

  public long length() {
    return end - start;
  }

  void setFlags(long flags) {
    this.flags = flags;
  }

  void setBounds(long start, long end) {
    this.start = start;
    this.end = end;
  }

  @Override
  public String toString() {
    return String.format("%012x-%012x %s", start, end, Long.toHexString(flags));
  }
}
