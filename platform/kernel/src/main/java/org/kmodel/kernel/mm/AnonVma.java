package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * The reverse map of anonymous pages: the VMAs (across fork) that may map pages of one family. A
 * page records its anon_vma id and its index relative to {@link #base()}; a VMA maps index {@code
 * i} at {@code start + (base + i - pgoff) pages} when that lies inside it — Linux's {@code
 * page->index} against {@code vm_pgoff}, kept in 32 bits by the base.
 */
public final class AnonVma {
  private final int id;
  private final long base;
  private final List<Vma> vmas = new ArrayList<>();

  AnonVma(int id, long base) {
    this.id = id;
    this.base = base;
  }

  public int id() {
    return id;
  }

  public long base() {
    return base;
  }

  public List<Vma> vmas() {
    return vmas;
  }

  /** unlink_anon_vmas for one VMA going away: the reverse map no longer looks at it. */
  static void unlink(Vma vma) {
    if (vma.anonVma() != null) {
      vma.anonVma().vmas.remove(vma);
    }
  }

  /** The page index a page at {@code va} of {@code vma} gets. */
  static int indexOf(Vma vma, long va, int pageShift) {
    return (int) (vma.pgoff() + ((va - vma.start()) >>> pageShift) - vma.anonVma().base);
  }

  /** Where {@code vma} maps page index {@code index}, or -1 when outside it. */
  static long addressIn(Vma vma, int index, int pageShift) {
    long pageOff = vma.anonVma().base + index - vma.pgoff();
    if (pageOff < 0 || pageOff >= (vma.length() >>> pageShift)) {
      return -1;
    }
    return vma.start() + (pageOff << pageShift);
  }
}
