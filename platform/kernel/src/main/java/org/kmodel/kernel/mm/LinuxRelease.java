package org.kmodel.kernel.mm;

import org.kmodel.api.KernelVersion;

/**
 * What the modelled Linux release does where releases differ, each switch set at the release whose
 * commit introduced the behaviour (docs/MEMORY.md, "Kernel versions", lists them with the commits).
 * Built once from the scenario's {@code machine.kernel}; the paths read final fields.
 */
final class LinuxRelease {
  /** The release itself, as the scenario chose it. */
  final KernelVersion version;

  /**
   * 3.8, "thp: setup huge zero page on non-write page fault": a read fault in a THP range maps the
   * huge zero page; before, it allocated a huge page as a write fault does.
   */
  final boolean hugeZeroPage;

  /**
   * 5.8, "thp: change CoW semantics for anon-THP": a write fault on a shared huge page splits this
   * mm's PMD and copies one base page; before, the whole huge page was copied.
   */
  final boolean cowSplitsPmd;

  /**
   * A write fault on the huge zero page allocates a huge page (falling back to a split): before 5.8
   * ({@code do_huge_pmd_wp_page} copied to a new THP) and again from 6.13, "mm: allocate THP on
   * hugezeropage wp-fault" ({@code do_huge_zero_wp_pmd}); 5.8 to 6.12 split the PMD.
   */
  final boolean hugeZeroWriteAllocates;

  /**
   * 4.14, "mm, THP, swap: don't split THP when swap out": a PMD-sized folio is written to swap
   * whole; before, it was split first.
   */
  final boolean thpSwapWhole;

  /**
   * 6.10, "mm: swap: allow storage of all mTHP orders" and "mm: madvise: avoid split during
   * MADV_PAGEOUT and MADV_COLD": a folio smaller than the PMD goes to swap whole, and MADV_PAGEOUT
   * over a whole PTE-mapped large folio swaps it out without splitting it.
   */
  final boolean largeFolioSwapWhole;

  /** 5.4, "mm: introduce MADV_PAGEOUT"; EINVAL before. */
  final boolean madvPageout;

  /** 6.1, "mm/madvise: introduce MADV_COLLAPSE sync hugepage collapse"; EINVAL before. */
  final boolean madvCollapse;

  /**
   * 6.8, "mm: thp: support allocation of anonymous multi-size THP": a write fault may allocate a
   * PTE-mapped folio smaller than the PMD.
   */
  final boolean multiSizeThp;

  /**
   * 6.7, "mm: align larger anonymous mappings on THP boundaries": an anonymous mapping of at least
   * the PMD size is placed PMD-aligned.
   */
  final boolean thpAlignedMmap;

  /**
   * 6.12, "mm, mmap: limit THP alignment of anonymous mappings to PMD-aligned sizes": only lengths
   * that are a multiple of the PMD size are aligned.
   */
  final boolean thpAlignedMmapPmdMultiples;

  LinuxRelease(KernelVersion version) {
    this.version = version;
    this.hugeZeroPage = version.atLeast(3, 8);
    this.cowSplitsPmd = version.atLeast(5, 8);
    this.hugeZeroWriteAllocates = !cowSplitsPmd || version.atLeast(6, 13);
    this.thpSwapWhole = version.atLeast(4, 14);
    this.largeFolioSwapWhole = version.atLeast(6, 10);
    this.madvPageout = version.atLeast(5, 4);
    this.madvCollapse = version.atLeast(6, 1);
    this.multiSizeThp = version.atLeast(6, 8);
    this.thpAlignedMmap = version.atLeast(6, 7);
    this.thpAlignedMmapPmdMultiples = version.atLeast(6, 12);
  }

  /**
   * Whether a new anonymous mapping of {@code length} bytes, placed without a hint, is aligned to
   * the PMD size {@code pmdSize}.
   */
  boolean thpAligns(long length, long pmdSize) {
    return thpAlignedMmap
        && length >= pmdSize
        && (!thpAlignedMmapPmdMultiples || length % pmdSize == 0);
  }

  /** Whether a folio of {@code order} goes to swap whole (else it is split first). */
  boolean swapsWhole(int order, int pmdOrder) {
    return order == pmdOrder ? thpSwapWhole : largeFolioSwapWhole;
  }
}
