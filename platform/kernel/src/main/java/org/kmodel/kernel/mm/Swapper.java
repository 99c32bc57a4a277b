package org.kmodel.kernel.mm;

import java.util.List;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * Swap-out: writing anonymous pages out ({@code shrink_page_list} → {@code try_to_unmap} through
 * the reverse map), for direct reclaim under memory pressure and for {@code MADV_PAGEOUT}; {@link
 * SwapIn} reads them back.
 *
 * <p>Reclaim picks victims with a CLOCK hand over the frame table — an approximation of Linux's LRU
 * lists that ignores reference bits: pages are taken in physical order from where the hand last
 * stopped. A page the {@link SwapCache} holds was read back from a slot whose copy is still
 * current, and the cache keeps only pages mapped read-only, so reclaiming it writes nothing ({@code
 * pswpout} stays): its mappings become entries of its slot again and it is freed. A page an
 * exclusive mapping held goes out as an exclusive swap entry ({@code pte_swp_exclusive}). Pages a
 * FOLL_PIN pin holds are not reclaimed (Linux's {@code try_to_unmap} refuses an exclusive pinned
 * page, and the pin's reference keeps any other from being freed).
 *
 * <p>Where the release swaps a folio of its order whole ({@link LinuxRelease#swapsWhole}: a
 * PMD-sized one since 4.14, {@code thp_swpout}; smaller ones since 6.10, "mm: swap: allow storage
 * of all mTHP orders"), a large folio goes out whole into a free, naturally aligned run of as many
 * slots, counted by the per-size {@code swpout}; without such a run it is split first ({@code
 * swpout_fallback}, and {@code thp_swpout_fallback} for the PMD size). A folio that goes out whole
 * is not split: its PMD mappings become PTEs, its pages leave their mappings together, and it is
 * freed whole. Earlier releases split it before swap-out.
 */
final class Swapper {
  /** Pages reclaimed per direct-reclaim call (Linux's SWAP_CLUSTER_MAX). */
  static final int SWAP_CLUSTER_MAX = 32;

  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final int pmdOrder;
  private final SwapDevice device;
  private final PageWalk walk;
  private final HugeSplit split;
  private final FolioPut folios;
  private final Rmap rmap;
  private final ContPte cont;
  private final LinuxRelease release;
  private final VmEvents ev;
  private final MthpStats mthp;
  private final SwapCache cache;
  private long hand;

  Swapper(
      Machine machine,
      SwapDevice device,
      PageWalk walk,
      HugeSplit split,
      FolioPut folios,
      Rmap rmap,
      ContPte cont,
      LinuxRelease release,
      SwapCache cache,
      VmEvents ev,
      MthpStats mthp) {
    this.cache = cache;
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.device = device;
    this.walk = walk;
    this.split = split;
    this.folios = folios;
    this.rmap = rmap;
    this.cont = cont;
    this.release = release;
    this.ev = ev;
    this.mthp = mthp;
  }

  /** Direct reclaim: swaps out up to {@link #SWAP_CLUSTER_MAX} pages; returns how many freed. */
  int reclaim() {
    PhysicalMemory mem = memory;
    long n = mem.frameCount();
    int freed = 0;
    for (long scanned = 0; scanned < n && freed < SWAP_CLUSTER_MAX; scanned++) {
      long pfn = hand;
      hand = hand + 1 == n ? 0 : hand + 1;
      int f = mem.flags(pfn);
      if ((f & PhysicalMemory.ANON) == 0 || mem.has(pfn, PhysicalMemory.PINNED)) {
        continue;
      }
      if ((f & PhysicalMemory.TAIL) != 0) {
        continue;
      }
      if (mem.mapcount(pfn) == 0 && mem.has(pfn, PhysicalMemory.SWAPCACHE)) {
        // a clean cached page only swap entries name: drop it from the cache
        cache.delete(pfn);
        folios.putPage(pfn);
        freed++;
        continue;
      }
      if ((f & PhysicalMemory.HEAD) != 0
          && mem.entireMapcount(pfn) == 0
          && mem.subpagesMapped(pfn) == 0) {
        // Not mapped yet: a fault or collapse holds it between allocation and mapping, and Linux
        // keeps such a folio off the LRU until then.
        continue;
      }
      if ((f & PhysicalMemory.HEAD) != 0) {
        long size = 1L << mem.folioOrder(pfn);
        freed += swapOutLarge(pfn);
        hand = pfn + size >= n ? 0 : pfn + size;
      } else if (mem.mapcount(pfn) > 0 && swapOutPage(pfn)) {
        freed++;
      }
      if (device.free() == 0) {
        break;
      }
    }
    return freed;
  }

  /**
   * Swaps out one base page mapped by PTEs: every mapping becomes a swap entry of one slot.
   *
   * @return false when no slot was free (the page stays)
   */
  boolean swapOutPage(long pfn) {
    if (memory.has(pfn, PhysicalMemory.PINNED)) {
      return false;
    }
    List<Rmap.Mapping> ptes = rmap.mappings(pfn);
    if (memory.has(pfn, PhysicalMemory.SWAPCACHE)) {
      return dropCached(pfn, ptes);
    }
    boolean exclusive = memory.has(pfn, PhysicalMemory.ANON_EXCLUSIVE);
    long slot = device.allocate();
    if (slot == SwapDevice.NO_SLOT) {
      return false;
    }
    device.setContent(slot, memory.content(pfn));
    if (!duplicate(slot, ptes.size() - 1)) {
      return false;
    }
    unmapEntries(pfn, ptes, slot, exclusive);
    folios.putPage(pfn);
    ev.pswpout.inc();
    return true;
  }

  /**
   * Reclaims a page of the swap cache: it is clean (the cache holds read-only pages only), so its
   * mappings become entries of its slot again and it is freed without a write.
   */
  private boolean dropCached(long pfn, List<Rmap.Mapping> ptes) {
    long slot = cache.slotOf(pfn);
    for (int i = 0; i < ptes.size(); i++) {
      if (device.duplicate(slot) < 0) {
        for (int j = 0; j < i; j++) {
          device.release(slot);
        }
        return false;
      }
    }
    unmapEntries(pfn, ptes, slot, false);
    cache.delete(pfn);
    folios.putPage(pfn);
    return true;
  }

  /**
   * Swaps out a large folio whole or, failing a run of slots (or before the release that swaps
   * folios of its order whole), split.
   *
   * @return the pages written out
   */
  int swapOutLarge(long head) {
    if (memory.folioPinned(head)) {
      return 0;
    }
    int order = memory.folioOrder(head);
    long run = SwapDevice.NO_SLOT;
    if (release.swapsWhole(order, pmdOrder)) {
      run = device.allocateCluster(1 << order);
      if (run == SwapDevice.NO_SLOT) {
        if (order == pmdOrder) {
          ev.thpSwpoutFallback.inc();
        }
        mthp.swpoutFallback(order);
      }
    }
    return run == SwapDevice.NO_SLOT ? swapOutSplit(head, order) : swapOutWhole(head, order, run);
  }

  private int swapOutSplit(long head, int order) {
    PhysicalMemory mem = memory;
    split.splitCompound(head);
    int freed = 0;
    for (int i = 0; i < (1 << order); i++) {
      if (mem.has(head + i, PhysicalMemory.ANON)
          && mem.mapcount(head + i) > 0
          && swapOutPage(head + i)) {
        freed++;
      }
    }
    return freed;
  }

  /**
   * Writes the folio's mapped pages to the run starting at {@code run}; the folio is put once,
   * after all its pages left their mappings, so it is freed whole and never looks partially mapped.
   */
  private int swapOutWhole(long head, int order, long run) {
    PhysicalMemory mem = memory;
    split.splitPmdMappings(head);
    int freed = 0;
    for (int i = 0; i < (1 << order); i++) {
      long pfn = head + i;
      long slot = run + i;
      if (mem.mapcount(pfn) == 0) {
        device.release(slot);
        continue;
      }
      List<Rmap.Mapping> ptes = rmap.mappings(pfn);
      boolean exclusive = mem.has(pfn, PhysicalMemory.ANON_EXCLUSIVE);
      device.setContent(slot, mem.content(pfn));
      if (!duplicate(slot, ptes.size() - 1)) {
        continue;
      }
      unmapEntries(pfn, ptes, slot, exclusive);
      freed++;
    }
    folios.releaseCompound(head);
    if (order == pmdOrder) {
      ev.thpSwpout.inc();
    }
    mthp.swpout(order);
    ev.pswpout.add(freed);
    return freed;
  }

  /**
   * Whether the PTEs from {@code va} up to {@code end} map every page of the folio {@code head} of
   * {@code order} in order, each page mapped nowhere else.
   */
  private boolean coversWhole(int pteT, long va, long end, long head, int order) {
    int n = 1 << order;
    if (va + ((long) n << pageShift) > end) {
      return false;
    }
    int first = tables.index(tables.depth() - 1, va);
    for (int i = 0; i < n; i++) {
      long pte = tables.get(pteT, first + i);
      if (!Pte.present(pte)
          || Pte.isZero(pte)
          || Pte.payload(pte) != head + i
          || memory.totalMapcount(head + i) != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Raises a fresh slot's count by {@code extra} more mappings; on overflow the slot is released
   * and the page stays in memory.
   */
  private boolean duplicate(long slot, int extra) {
    for (int i = 0; i < extra; i++) {
      if (device.duplicate(slot) < 0) {
        int left;
        do {
          left = device.release(slot);
        } while (left > 0);
        return false;
      }
    }
    return true;
  }

  private void unmapEntries(long pfn, List<Rmap.Mapping> ptes, long slot, boolean exclusive) {
    for (Rmap.Mapping p : ptes) {
      cont.unfold(p.table(), p.index());
      tables.set(p.table(), p.index(), Pte.swap(slot, exclusive));
      p.mm().anonRss--;
      p.mm().swapEntries++;
      memory.decMapcount(pfn);
    }
  }

  /**
   * MADV_PAGEOUT over [start, end): pages mapped only by this process go out; a large folio the
   * range covers whole (PMD-mapped, or every page mapped here at its own place) goes out as one,
   * one it covers in part is split first.
   */
  void pageout(Mm mm, long start, long end) {
    PageTables t = tables;
    long span = 1L << t.shift(t.pmdLevel());
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(pmdT, pmdI);
        if (Pte.isHuge(pmd) && !Pte.isZero(pmd)) {
          long head = Pte.payload(pmd);
          boolean exclusive = memory.entireMapcount(head) == 1 && memory.subpagesMapped(head) == 0;
          if ((addr & (span - 1)) == 0 && next - addr == span) {
            if (exclusive) {
              swapOutLarge(head);
            }
            addr = next;
            continue;
          }
          if (!exclusive) {
            addr = next;
            continue;
          }
          split.splitCompound(head);
          pmd = t.get(pmdT, pmdI);
        }
        if (Pte.isTable(pmd)) {
          int pteT = (int) Pte.payload(pmd);
          for (long va = addr; va < next; va += 1L << pageShift) {
            long pte = t.get(pteT, t.index(t.depth() - 1, va));
            if (Pte.present(pte) && !Pte.isZero(pte)) {
              long pfn = Pte.payload(pte);
              if (memory.totalMapcount(pfn) == 1) {
                if (memory.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))) {
                  long head = memory.head(pfn);
                  int order = memory.folioOrder(head);
                  if (pfn == head
                      && release.largeFolioSwapWhole
                      && coversWhole(pteT, va, next, head, order)) {
                    swapOutLarge(head);
                    va += ((1L << order) - 1) << pageShift;
                    continue;
                  }
                  split.splitCompound(head);
                }
                swapOutPage(pfn);
              }
            }
          }
        }
      }
      addr = next;
    }
  }
}
