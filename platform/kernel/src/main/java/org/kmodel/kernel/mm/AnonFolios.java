package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.Defrag;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * New anonymous memory: allocating a large folio with the GFP flags the THP defrag mode asks for
 * ({@code vma_alloc_folio}), and mapping a page or a PMD-sized folio for the first time ({@code
 * folio_add_new_anon_rmap} then {@code set_pte_at} / {@code set_pmd_at}) — the anon_vma and index
 * the reverse map needs, the mapcount, the entry (writable as the VMA is), the RSS counter.
 */
final class AnonFolios {
  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final Pages pages;
  private final AnonVmas anonVmas;
  private final PluginSlot<PageAllocator> allocator;

  AnonFolios(Machine machine, Pages pages, AnonVmas anonVmas, PluginSlot<PageAllocator> allocator) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pages = pages;
    this.anonVmas = anonVmas;
    this.allocator = allocator;
  }

  /** A large folio of {@code order}, compacting as the defrag mode allows; -1 on failure. */
  long allocFolio(int order, Defrag defrag) {
    long head =
        pages.allocPages(
            order, gfpForDefrag(defrag), (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (head < 0) {
      if (defrag == Defrag.DEFER) {
        allocator.get().compact(order);
      }
      return -1;
    }
    memory.makeCompound(head, order);
    return head;
  }

  private static int gfpForDefrag(Defrag d) {
    return switch (d) {
      case DIRECT -> Gfp.MOVABLE | Gfp.TRANSHUGE | Gfp.DIRECT_COMPACT;
      case DEFER, NONE -> Gfp.MOVABLE | Gfp.TRANSHUGE;
    };
  }

  /**
   * Maps the new page {@code pfn} at {@code va} by entry {@code pteI} of PTE table {@code pteT},
   * exclusive to this process ({@code RMAP_EXCLUSIVE}).
   */
  void mapPage(Mm mm, Vma vma, long va, long pfn, int pteT, int pteI) {
    mapPage(mm, vma, va, pfn, pteT, pteI, true, (vma.flags() & VmFlags.WRITE) != 0);
  }

  /**
   * Maps {@code pfn}, which other processes may map too (a page read back from the swap cache),
   * exclusive or not, writable or not.
   */
  void mapPage(
      Mm mm, Vma vma, long va, long pfn, int pteT, int pteI, boolean exclusive, boolean write) {
    AnonVma av = anonVmas.anonVmaFor(vma);
    memory.setRmap(pfn, av.id(), AnonVma.indexOf(vma, va, pageShift));
    memory.incMapcount(pfn);
    if (exclusive) {
      memory.set(pfn, PhysicalMemory.ANON_EXCLUSIVE);
    } else {
      memory.clear(pfn, PhysicalMemory.ANON_EXCLUSIVE);
    }
    tables.set(pteT, pteI, Pte.page(pfn, write));
    mm.anonRss++;
  }

  /** Maps the new PMD-sized folio {@code head} at {@code haddr} by PMD entry {@code pmdI}. */
  void mapHuge(Mm mm, Vma vma, long haddr, long head, int pmdT, int pmdI) {
    AnonVma av = anonVmas.anonVmaFor(vma);
    memory.setRmap(head, av.id(), AnonVma.indexOf(vma, haddr, pageShift));
    memory.incEntireMapcount(head);
    for (int i = 0; i < (1 << memory.pmdOrder()); i++) {
      memory.set(head + i, PhysicalMemory.ANON_EXCLUSIVE);
    }
    tables.set(pmdT, pmdI, Pte.huge(head, (vma.flags() & VmFlags.WRITE) != 0));
    mm.hugeRss++;
  }
}
