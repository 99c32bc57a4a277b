package org.kmodel.kernel.mm;

import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * The machine the architecture pinned at boot: its geometry, its frame table and page tables, and
 * the sizes the memory manager's paths read on every fault — all derived once from the geometry, so
 * no path spells a page size of its own.
 *
 * <p>Linux's names: {@link #pageShift} is PAGE_SHIFT, {@link #pmdOrder} HPAGE_PMD_ORDER (0 when the
 * architecture has no transparent huge pages), {@link #contOrder} the order of a contiguous span of
 * PTEs (arm64's CONT_PTE_SHIFT − PAGE_SHIFT; 0 when PTEs have no such span).
 */
public final class Machine {
  /** The smallest large folio Linux makes for anonymous memory (order 1 is never used). */
  public static final int MIN_FOLIO_ORDER = 2;

  public final MachineGeometry geometry;
  public final String arch;
  public final PhysicalMemory memory;
  public final PageTables tables;
  public final int pageShift;
  public final long pageSize;
  public final int pmdOrder;
  public final long pmdSize;
  public final int contOrder;

  /**
   * Orders a PTE-mapped folio may have, as a bit mask: 2 up to below the PMD order when the
   * architecture has transparent huge pages.
   */
  public final long pteFolioOrders;

  /**
   * @param arch the architecture's {@code machine()} name, for messages
   * @param trackContent whether the frame table keeps per-page content tokens
   */
  public Machine(String arch, MachineGeometry geometry, long memoryBytes, boolean trackContent) {
    this.geometry = geometry;
    this.arch = arch;
    this.pageShift = geometry.pageShift();
    this.pageSize = 1L << pageShift;
    int pmdLevel = geometry.depth() - 2;
    int pmd = 0;
    if (pmdLevel >= 0 && geometry.thpOrders().contains(geometry.orderOf(pmdLevel))) {
      pmd = geometry.orderOf(pmdLevel);
    }
    this.pmdOrder = pmd;
    this.pmdSize = pmd == 0 ? 0 : 1L << (pageShift + pmd);
    PageTableLevel pte = geometry.levels().get(geometry.depth() - 1);
    this.contOrder =
        pte.contiguousEntries() == 0 ? 0 : Integer.numberOfTrailingZeros(pte.contiguousEntries());
    this.pteFolioOrders =
        pmd <= MIN_FOLIO_ORDER ? 0 : ((1L << pmd) - 1) & ~((1L << MIN_FOLIO_ORDER) - 1);
    this.memory =
        new PhysicalMemory(
            memoryBytes,
            pageShift,
            trackContent,
            pmd,
            pmd <= MIN_FOLIO_ORDER ? Math.max(pmd, 1) : MIN_FOLIO_ORDER);
    this.tables = new PageTables(geometry);
  }

  /** Whether the architecture maps transparent huge pages. */
  public boolean thpCapable() {
    return pmdOrder != 0;
  }
}
