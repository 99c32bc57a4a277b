package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * Write faults on present read-only entries: copy-on-write of a base page ({@code do_wp_page}: a
 * page mapped once is reused in place, the zero page and shared pages are copied) and of a huge PMD
 * ({@code do_huge_pmd_wp_page}) as the modelled release does it ({@link LinuxRelease}): 5.8+ splits
 * this mm's PMD and lets the same fault go on at the PTE level; 2.6.38–5.7 copies the whole huge
 * page, and failing that copies it into base pages under this mm's own table. A write to the huge
 * zero page allocates a huge page before 5.8 and again from 6.13 ({@code do_huge_zero_wp_pmd}),
 * falling back to a split; 5.8–6.12 split at once.
 *
 * <p>Reuse follows 5.19+'s exclusive-page rules: a page marked {@code PageAnonExclusive} is written
 * in place; another is reused only when this is its one mapping, no FOLL_PIN pin holds it and, if
 * it is in the swap cache, no other swap entry names its slot (the cache then gives it up, {@code
 * wp_can_reuse_anon_folio}); a reused page becomes exclusive. A page of a large folio mapped once
 * is reused too, as Linux 6.15+ reuses a folio only this mm maps (earlier kernels copy it). An
 * unshare fault ({@code FAULT_FLAG_UNSHARE}, from a read-only pin of a page that is not exclusive)
 * does the same but leaves the entry read-only: the page, reused or copied, only becomes exclusive.
 */
final class CowFaults {
  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final int pmdOrder;
  private final long pmdSize;
  private final Pages pages;
  private final AnonFolios anon;
  private final FolioPut folios;
  private final HugeSplit split;
  private final ContPte cont;
  private final LinuxRelease release;
  private final PluginSlot<ThpPolicy> policy;
  private final CostModel cost;
  private final VmEvents ev;
  private final SwapCache cache;
  private final MthpStats mthp;

  CowFaults(
      Machine machine,
      Pages pages,
      AnonFolios anon,
      FolioPut folios,
      HugeSplit split,
      ContPte cont,
      LinuxRelease release,
      PluginSlot<ThpPolicy> policy,
      CostModel cost,
      VmEvents ev,
      SwapCache cache,
      MthpStats mthp) {
    this.cache = cache;
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.pages = pages;
    this.anon = anon;
    this.folios = folios;
    this.split = split;
    this.cont = cont;
    this.release = release;
    this.policy = policy;
    this.cost = cost;
    this.ev = ev;
    this.mthp = mthp;
  }

  /**
   * do_wp_page: reuse a page mapped once, else copy it (the zero page is always copied). When the
   * entry changed while the new page was allocated, the fault is retried, as Linux does when {@code
   * pte_same} fails.
   */
  int wpFault(Mm mm, Vma vma, long va, int pteT, int pteI, long pte) {
    return wpFault(mm, vma, va, pteT, pteI, pte, false);
  }

  /** do_wp_page, or with {@code unshare} its FAULT_FLAG_UNSHARE form (never on the zero page). */
  int wpFault(Mm mm, Vma vma, long va, int pteT, int pteI, long pte, boolean unshare) {
    PhysicalMemory mem = memory;
    if (Pte.isZero(pte)) {
      long pfn =
          pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
      if (pfn < 0) {
        return VmFault.OOM;
      }
      if (tables.get(pteT, pteI) != pte) {
        pages.freePages(pfn, 0);
        return VmFault.RETRY;
      }
      cost.clear(pfn, 1);
      anon.mapPage(mm, vma, va, pfn, pteT, pteI);
      return VmFault.OK;
    }
    cont.unfold(pteT, pteI);
    pte = tables.get(pteT, pteI);
    long pfn = Pte.payload(pte);
    long head = mem.head(pfn);
    int mappings =
        mem.mapcount(pfn)
            + (head != pfn || mem.has(pfn, PhysicalMemory.HEAD) ? mem.entireMapcount(head) : 0);
    if (mem.has(pfn, PhysicalMemory.ANON_EXCLUSIVE) || canReuse(pfn, mappings)) {
      mem.set(pfn, PhysicalMemory.ANON_EXCLUSIVE);
      if (!unshare) {
        tables.set(pteT, pteI, Pte.mkwrite(pte));
        cont.refold(pteT, pteI);
      }
      return VmFault.OK;
    }
    mem.set(pfn, PhysicalMemory.PINNED);
    long copy =
        pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    mem.clear(pfn, PhysicalMemory.PINNED);
    if (copy < 0) {
      return VmFault.OOM;
    }
    if (tables.get(pteT, pteI) != pte) {
      // The allocation's reclaim or a policy's shrinker changed the entry (pte_same failed in
      // do_wp_page): give the copy back and fault again on what is there now.
      pages.freePages(copy, 0);
      return VmFault.RETRY;
    }
    mem.copyContent(pfn, copy);
    cost.copy(copy, 1);
    mm.anonRss--;
    anon.mapPage(
        mm, vma, va, copy, pteT, pteI, true, !unshare && (vma.flags() & VmFlags.WRITE) != 0);
    if (mem.decMapcount(pfn) == 0) {
      folios.putPage(pfn);
    }
    return VmFault.OK;
  }

  /**
   * wp_can_reuse_anon_folio for a page that is not exclusive: its one mapping, no pin, and a swap
   * cache slot no other entry names, which the cache then gives up.
   */
  private boolean canReuse(long pfn, int mappings) {
    PhysicalMemory mem = memory;
    if (mappings != 1 || mem.folioPinned(pfn)) {
      return false;
    }
    if (mem.has(pfn, PhysicalMemory.SWAPCACHE)) {
      if (cache.swapCount(pfn) > 0) {
        return false;
      }
      cache.delete(pfn);
    }
    return true;
  }

  /**
   * do_huge_pmd_wp_page: {@link VmFault#FALLBACK} once it has split the PMD, for the caller to go
   * on at the PTE level within the same fault.
   */
  int hugeWpFault(Mm mm, Vma vma, long va, int pmdT, int pmdI, long pmd) {
    return hugeWpFault(mm, vma, va, pmdT, pmdI, pmd, false);
  }

  /**
   * do_huge_pmd_wp_page, or with {@code unshare} its FAULT_FLAG_UNSHARE form: a huge page that
   * cannot be reused has this mm's PMD split, and the fault retries on the PTE.
   */
  int hugeWpFault(Mm mm, Vma vma, long va, int pmdT, int pmdI, long pmd, boolean unshare) {
    long haddr = va & -pmdSize;
    PhysicalMemory mem = memory;
    if (Pte.isZero(pmd)) {
      if (release.hugeZeroWriteAllocates && replaceHuge(mm, vma, haddr, pmdT, pmdI, -1)) {
        return VmFault.OK;
      }
      split.splitPmd(mm, pmdT, pmdI, haddr);
      return VmFault.FALLBACK;
    }
    long head = Pte.payload(pmd);
    if (mem.has(head, PhysicalMemory.ANON_EXCLUSIVE)
        || (mem.entireMapcount(head) == 1
            && mem.subpagesMapped(head) == 0
            && !mem.folioPinned(head))) {
      for (int i = 0; i < (1 << pmdOrder); i++) {
        mem.set(head + i, PhysicalMemory.ANON_EXCLUSIVE);
      }
      if (!unshare) {
        tables.set(pmdT, pmdI, Pte.mkwrite(pmd));
      }
      return VmFault.OK;
    }
    if (unshare || release.cowSplitsPmd) {
      split.splitPmd(mm, pmdT, pmdI, haddr);
      return VmFault.FALLBACK;
    }
    if (replaceHuge(mm, vma, haddr, pmdT, pmdI, head)) {
      return VmFault.OK;
    }
    return copyIntoBasePages(mm, vma, haddr, pmdT, pmdI, head);
  }

  /**
   * A new huge page holding a copy of {@code old}, or zeroed in place of the huge zero page ({@code
   * old} -1): {@code thp_fault_alloc}, or {@code thp_fault_fallback} when none can be allocated,
   * each with its per-size count.
   */
  private boolean replaceHuge(Mm mm, Vma vma, long haddr, int pmdT, int pmdI, long old) {
    long fresh = anon.allocFolio(pmdOrder, policy.get().faultDefrag(vma));
    if (fresh < 0) {
      ev.thpFaultFallback.inc();
      mthp.faultFallback(pmdOrder);
      return false;
    }
    if (old >= 0) {
      for (int i = 0; i < (1 << pmdOrder); i++) {
        memory.copyContent(old + i, fresh + i);
      }
      cost.copy(fresh, 1 << pmdOrder);
    } else {
      cost.clear(fresh, 1 << pmdOrder);
    }
    if (old >= 0) {
      mm.hugeRss--;
    }
    anon.mapHuge(mm, vma, haddr, fresh, pmdT, pmdI);
    tables.set(pmdT, pmdI, Pte.mkwrite(tables.get(pmdT, pmdI)));
    if (old >= 0 && memory.decEntireMapcount(old) == 0) {
      folios.releaseCompound(old);
    }
    ev.thpFaultAlloc.inc();
    mthp.faultAlloc(pmdOrder);
    return true;
  }

  /** Pre-5.8 COW fallback: copy the huge page into base pages under this mm's own table. */
  private int copyIntoBasePages(Mm mm, Vma vma, long haddr, int pmdT, int pmdI, long head) {
    int n = 1 << pmdOrder;
    long[] copies = new long[n];
    memory.set(head, PhysicalMemory.PINNED);
    for (int i = 0; i < n; i++) {
      copies[i] =
          pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
      if (copies[i] < 0) {
        for (int j = 0; j < i; j++) {
          pages.freePages(copies[j], 0);
        }
        memory.clear(head, PhysicalMemory.PINNED);
        return VmFault.OOM;
      }
      memory.copyContent(head + i, copies[i]);
      cost.copy(copies[i], 1);
    }
    memory.clear(head, PhysicalMemory.PINNED);
    int pteT = mm.withdraw();
    tables.set(pmdT, pmdI, Pte.table(pteT));
    mm.hugeRss--;
    for (int i = 0; i < n; i++) {
      anon.mapPage(mm, vma, haddr + ((long) i << pageShift), copies[i], pteT, i);
    }
    if (memory.decEntireMapcount(head) == 0) {
      folios.releaseCompound(head);
    }
    return VmFault.OK;
  }
}
