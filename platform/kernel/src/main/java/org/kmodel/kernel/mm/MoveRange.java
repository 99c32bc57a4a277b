package org.kmodel.kernel.mm;

/**
 * mremap's {@code move_vma} and {@code move_page_tables}: the VMAs of [start, end) are re-created
 * at the target with the same vm_pgoff and anon_vma (so the reverse map stays right), and the
 * entries are moved. A huge PMD moves whole when source and target are both huge-aligned ({@code
 * move_huge_pmd}); otherwise it is split first.
 */
final class MoveRange {
  private final PageTables tables;
  private final int pageShift;
  private final PageWalk walk;
  private final Pages pages;
  private final HugeSplit split;
  private final ContPte cont;
  private final Zap zap;
  private final VmaSurgery vmas;

  MoveRange(
      Machine machine,
      PageWalk walk,
      Pages pages,
      HugeSplit split,
      ContPte cont,
      Zap zap,
      VmaSurgery vmas) {
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.walk = walk;
    this.pages = pages;
    this.split = split;
    this.cont = cont;
    this.zap = zap;
    this.vmas = vmas;
  }

  void move(Mm mm, long start, long end, long target) {
    long delta = target - start;
    java.util.List<Vma> old = mm.overlapping(start, end);
    java.util.List<Vma> moved = new java.util.ArrayList<>();
    for (Vma v : old) {
      Vma n = mm.insert(v.start() + delta, v.length(), v.flags(), v.pgoff());
      if (v.anonVma() != null) {
        n.setAnonVma(v.anonVma());
        v.anonVma().vmas().add(n);
      }
      moved.add(n);
    }
    try {
      moveEntries(mm, start, end, delta);
    } catch (MmException e) {
      moveBack(mm, start, end, delta);
      for (Vma n : moved) {
        AnonVma.unlink(n);
        mm.remove(n);
      }
      zap.freeUnusedTables(mm, target, target + (end - start));
      throw e;
    }
    for (Vma v : old) {
      AnonVma.unlink(v);
      mm.remove(v);
    }
    zap.freeUnusedTables(mm, start, end);
    for (Vma n : moved) {
      if (mm.find(n.start()) == n) {
        vmas.mergeAround(mm, n);
      }
    }
  }

  private void moveEntries(Mm mm, long start, long end, long delta) {
    PageTables t = tables;
    long span = 1L << t.shift(t.pmdLevel());
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int srcPmdT = walk.pmdTable(mm, addr, false);
      if (srcPmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(srcPmdT, pmdI);
        if (Pte.isHuge(pmd)) {
          boolean whole = (addr & (span - 1)) == 0 && next - addr == span;
          if (whole && ((addr + delta) & (span - 1)) == 0) {
            int dstPmdT = pmdTableOrFail(mm, addr + delta);
            pmd = t.get(srcPmdT, pmdI);
            t.set(dstPmdT, t.index(t.pmdLevel(), addr + delta), pmd);
            t.set(srcPmdT, pmdI, Pte.NONE);
            addr = next;
            continue;
          }
          split.splitPmd(mm, srcPmdT, pmdI, addr & -span);
          pmd = t.get(srcPmdT, pmdI);
        }
        if (Pte.isTable(pmd)) {
          movePtes(mm, (int) Pte.payload(pmd), addr, next, delta);
        }
      }
      addr = next;
    }
  }

  /**
   * Puts every entry already moved to the target back where it came from, as {@code move_vma} does
   * when {@code move_page_tables} moved less than asked: mremap then fails with ENOMEM and leaves
   * the old mapping as it was (a huge PMD split on the way stays split). Needs no allocation: the
   * source tables the entries left are still there.
   */
  private void moveBack(Mm mm, long start, long end, long delta) {
    PageTables t = tables;
    int last = t.depth() - 1;
    long span = 1L << t.shift(t.pmdLevel());
    for (long va = start; va < end; va += 1L << pageShift) {
      int dstPmdT = walk.pmdTable(mm, va + delta, false);
      if (dstPmdT < 0) {
        continue;
      }
      int dstPmdI = t.index(t.pmdLevel(), va + delta);
      long dstPmd = t.get(dstPmdT, dstPmdI);
      int srcPmdT = walk.pmdTable(mm, va, false);
      int srcPmdI = t.index(t.pmdLevel(), va);
      if (Pte.isHuge(dstPmd)) {
        if (((va + delta) & (span - 1)) == 0) {
          t.set(srcPmdT, srcPmdI, dstPmd);
          t.set(dstPmdT, dstPmdI, Pte.NONE);
          va += span - (1L << pageShift);
        }
        continue;
      }
      if (!Pte.isTable(dstPmd)) {
        continue;
      }
      int dstPte = (int) Pte.payload(dstPmd);
      int dstI = t.index(last, va + delta);
      if (t.get(dstPte, dstI) == Pte.NONE) {
        continue;
      }
      int srcPte = (int) Pte.payload(t.get(srcPmdT, srcPmdI));
      int srcI = t.index(last, va);
      cont.unfold(dstPte, dstI);
      t.set(srcPte, srcI, t.get(dstPte, dstI));
      t.set(dstPte, dstI, Pte.NONE);
      cont.refold(srcPte, srcI);
    }
  }

  private void movePtes(Mm mm, int srcPte, long start, long end, long delta) {
    PageTables t = tables;
    int last = t.depth() - 1;
    for (long va = start; va < end; va += 1L << pageShift) {
      int i = t.index(last, va);
      long pte = t.get(srcPte, i);
      if (pte == Pte.NONE) {
        continue;
      }
      long dst = va + delta;
      int dstPmdT = pmdTableOrFail(mm, dst);
      int dstPmdI = t.index(t.pmdLevel(), dst);
      long dstPmd = t.get(dstPmdT, dstPmdI);
      if (dstPmd == Pte.NONE) {
        int table = pages.allocTable();
        if (table < 0) {
          throw new MmException("ENOMEM", "no memory for a page table while moving pages");
        }
        dstPmd = Pte.table(table);
        t.set(dstPmdT, dstPmdI, dstPmd);
      }
      // allocating may have reclaimed this page to swap: move the entry as it is now
      cont.unfold(srcPte, i);
      pte = t.get(srcPte, i);
      int dstPte = (int) Pte.payload(dstPmd);
      int dstI = t.index(last, dst);
      t.set(dstPte, dstI, pte);
      t.set(srcPte, i, Pte.NONE);
      cont.refold(dstPte, dstI);
    }
  }

  private int pmdTableOrFail(Mm mm, long va) {
    int table = walk.pmdTable(mm, va, true);
    if (table < 0) {
      throw new MmException("ENOMEM", "no memory for a page table while moving pages");
    }
    return table;
  }
}
