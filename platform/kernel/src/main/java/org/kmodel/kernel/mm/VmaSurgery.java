package org.kmodel.kernel.mm;

/**
 * Changing VMA boundaries: {@code split_vma} (a huge mapping straddling the new boundary is split
 * first; both halves keep the anon_vma) and {@code vma_merge} (neighbours with the same flags,
 * compatible anon_vmas and consecutive pgoffs become one).
 */
final class VmaSurgery {
  private final int pageShift;
  private final boolean thpCapable;
  private final long pmdSize;
  private final HugeSplit split;

  VmaSurgery(Machine machine, HugeSplit split) {
    this.pageShift = machine.pageShift;
    this.thpCapable = machine.thpCapable();
    this.pmdSize = machine.pmdSize;
    this.split = split;
  }

  /** Splits the VMA containing {@code addr} at it (and any huge mapping straddling it). */
  void splitAt(Mm mm, long addr) {
    Vma v = mm.find(addr);
    if (v == null || v.start() == addr) {
      return;
    }
    if (thpCapable && (addr & (pmdSize - 1)) != 0) {
      split.splitPmdAt(mm, addr);
    }
    Vma upper =
        new Vma(mm, addr, v.end(), v.flags(), v.pgoff() + ((addr - v.start()) >>> pageShift));
    if (v.anonVma() != null) {
      upper.setAnonVma(v.anonVma());
      v.anonVma().vmas().add(upper);
    }
    v.setBounds(v.start(), addr, v.pgoff());
    mm.add(upper);
  }

  /** Merges every VMA meeting [start, end) with its compatible neighbours. */
  void mergeRange(Mm mm, long start, long end) {
    for (Vma v : mm.overlapping(start - 1, end + 1)) {
      if (mm.find(v.start()) == v) {
        mergeAround(mm, v);
      }
    }
  }

  /** vma_merge: joins a VMA with compatible neighbours. */
  void mergeAround(Mm mm, Vma vma) {
    Vma prev = mm.endingAt(vma.start());
    if (prev != null && mergeable(prev, vma)) {
      absorb(mm, prev, vma);
      vma = prev;
    }
    Vma next = mm.find(vma.end());
    if (next != null && mergeable(vma, next)) {
      absorb(mm, vma, next);
    }
  }

  private boolean mergeable(Vma a, Vma b) {
    return a.end() == b.start()
        && a.flags() == b.flags()
        && (a.anonVma() == null || b.anonVma() == null || a.anonVma() == b.anonVma())
        && b.pgoff() == a.pgoff() + (a.length() >>> pageShift);
  }

  private void absorb(Mm mm, Vma low, Vma high) {
    mm.remove(high);
    if (low.anonVma() == null && high.anonVma() != null) {
      low.setAnonVma(high.anonVma());
      high.anonVma().vmas().add(low);
    }
    AnonVma.unlink(high);
    low.setBounds(low.start(), high.end(), low.pgoff());
  }
}
