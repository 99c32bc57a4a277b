package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * fork's {@code dup_mmap} and {@code copy_page_range}: the child gets the parent's VMAs but those
 * marked {@link Vma#DONTCOPY} (in the same anon_vma, so the reverse map finds both) and a copy of
 * its page tables in which every private page is shared read-only in both, mapcount + 1, and no
 * longer exclusive ({@code PageAnonExclusive} cleared, swap entries' exclusive bit too). A huge PMD
 * is shared whole and a page table is deposited for the child's copy, so a later split in the child
 * cannot fail.
 *
 * <p>An exclusive page of a folio a FOLL_PIN pin holds is not shared: the child gets its own copy
 * at once ({@code folio_try_dup_anon_rmap} fails, {@code copy_present_page}), so the pinned page is
 * never replaced under the pin by a later COW in the parent. A PMD-mapped pinned THP has its PMD
 * split in the parent first ({@code copy_huge_pmd} returns -EAGAIN) and its pages are copied one by
 * one (5.19+, David Hildenbrand's "mm: rmap: split PageAnonExclusive handling").
 */
final class ForkCopy {
  private final PageTables tables;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final PageWalk walk;
  private final Pages pages;
  private final ContPte cont;
  private final SwapDevice swap;
  private final AnonFolios anon;
  private final HugeSplit split;
  private final CostModel cost;

  ForkCopy(
      Machine machine,
      PageWalk walk,
      Pages pages,
      ContPte cont,
      SwapDevice swap,
      AnonFolios anon,
      HugeSplit split,
      CostModel cost) {
    this.anon = anon;
    this.split = split;
    this.cost = cost;
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.pageShift = machine.pageShift;
    this.walk = walk;
    this.pages = pages;
    this.cont = cont;
    this.swap = swap;
  }

  /** Copies {@code parent} into the empty {@code child}; false when memory ran out. */
  boolean copy(Mm parent, Mm child) {
    for (Vma v : parent.vmas()) {
      if ((v.flags() & Vma.DONTCOPY) != 0) {
        continue;
      }
      Vma c = child.insert(v.start(), v.length(), v.flags(), v.pgoff());
      if (v.anonVma() != null) {
        c.setAnonVma(v.anonVma());
        v.anonVma().vmas().add(c);
      }
      child.khugepagedRegistered = parent.khugepagedRegistered;
      if (!copyRange(parent, child, c, v.start(), v.end())) {
        return false;
      }
    }
    return true;
  }

  private boolean copyRange(Mm parent, Mm child, Vma dst, long start, long end) {
    PageTables t = tables;
    long span = 1L << t.shift(t.pmdLevel());
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int srcPmdT = walk.pmdTable(parent, addr, false);
      if (srcPmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(srcPmdT, pmdI);
        if (pmd != Pte.NONE) {
          int dstPmdT = walk.pmdTable(child, addr, true);
          // the allocation may have reclaimed (and split) what the parent maps here: read again
          pmd = t.get(srcPmdT, pmdI);
          if (dstPmdT < 0
              || !copyPmd(parent, child, dst, srcPmdT, dstPmdT, pmdI, pmd, addr, next)) {
            return false;
          }
        }
      }
      addr = next;
    }
    return true;
  }

  private boolean copyPmd(
      Mm parent,
      Mm child,
      Vma dst,
      int srcPmdT,
      int dstPmdT,
      int pmdI,
      long pmd,
      long addr,
      long end) {
    PageTables t = tables;
    if (Pte.isHuge(pmd)
        && !Pte.isZero(pmd)
        && memory.has(Pte.payload(pmd), PhysicalMemory.ANON_EXCLUSIVE)
        && memory.folioPinned(Pte.payload(pmd))) {
      split.splitPmd(parent, srcPmdT, pmdI, addr & -(1L << t.shift(t.pmdLevel())));
      pmd = t.get(srcPmdT, pmdI);
    }
    if (Pte.isHuge(pmd)) {
      int dep = pages.allocTable();
      if (dep < 0) {
        return false;
      }
      long now = t.get(srcPmdT, pmdI);
      if (now != pmd) {
        // The allocation's slow path (a policy's shrinker, reclaim) split what the parent maps
        // here.
        pages.freeTable(dep);
        return now == Pte.NONE
            || copyPmd(parent, child, dst, srcPmdT, dstPmdT, pmdI, now, addr, end);
      }
      child.deposit(dep);
      if (!Pte.isZero(pmd)) {
        pmd = Pte.wrprotect(pmd);
        t.set(srcPmdT, pmdI, pmd);
        long head = Pte.payload(pmd);
        for (int i = 0; i < (1 << memory.pmdOrder()); i++) {
          memory.clear(head + i, PhysicalMemory.ANON_EXCLUSIVE);
        }
        memory.incEntireMapcount(head);
        child.hugeRss++;
      }
      t.set(dstPmdT, pmdI, pmd);
      return true;
    }
    long dstPmd = t.get(dstPmdT, pmdI);
    int dstPte;
    if (dstPmd == Pte.NONE) {
      dstPte = pages.allocTable();
      if (dstPte < 0) {
        return false;
      }
      t.set(dstPmdT, pmdI, Pte.table(dstPte));
      pmd = t.get(srcPmdT, pmdI);
      if (Pte.isHuge(pmd)) {
        t.set(dstPmdT, pmdI, Pte.NONE);
        pages.freeTable(dstPte);
        return copyPmd(parent, child, dst, srcPmdT, dstPmdT, pmdI, pmd, addr, end);
      }
    } else {
      dstPte = (int) Pte.payload(dstPmd);
    }
    int srcPte = (int) Pte.payload(pmd);
    int last = t.depth() - 1;
    for (long va = addr; va < end; va += 1L << pageShift) {
      int i = t.index(last, va);
      long pte = t.get(srcPte, i);
      if (pte == Pte.NONE) {
        continue;
      }
      if (Pte.isSwap(pte)) {
        if (swap.duplicate(Pte.payload(pte)) < 0) {
          return false;
        }
        pte = Pte.swap(Pte.payload(pte));
        t.set(srcPte, i, pte);
        child.swapEntries++;
      } else if (!Pte.isZero(pte)
          && memory.has(Pte.payload(pte), PhysicalMemory.ANON_EXCLUSIVE)
          && memory.folioPinned(Pte.payload(pte))) {
        if (!copyPinnedPage(child, dst, va, Pte.payload(pte), dstPte, i)) {
          return false;
        }
        continue;
      } else if (!Pte.isZero(pte)) {
        memory.clear(Pte.payload(pte), PhysicalMemory.ANON_EXCLUSIVE);
        pte = Pte.wrprotect(pte);
        t.set(srcPte, i, pte);
        memory.incMapcount(Pte.payload(pte));
        child.anonRss++;
      }
      t.set(dstPte, i, pte);
    }
    int from = t.index(last, addr);
    int to = t.index(last, end - 1) + 1;
    cont.refoldRange(srcPte, from, to);
    cont.refoldRange(dstPte, from, to);
    return true;
  }

  /**
   * copy_present_page: the child's own copy of the pinned page {@code pfn}, mapped exclusive and
   * writable as its VMA allows; the parent keeps the pinned page as it was.
   */
  private boolean copyPinnedPage(Mm child, Vma dst, long va, long pfn, int dstPte, int i) {
    long copy =
        pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (copy < 0) {
      return false;
    }
    memory.copyContent(pfn, copy);
    cost.copy(copy, 1);
    anon.mapPage(child, dst, va, copy, dstPte, i);
    return true;
  }
}
