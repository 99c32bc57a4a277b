package org.kmodel.api.thp;

import org.kmodel.api.mm.VmaView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What one PMD-sized range of an address space holds, counted entry by entry as Linux's {@code
 * hpage_collapse_scan_pmd} counts it. A PMD-mapped huge page reports every base page as present,
 * and as accessed when its PMD's accessed bit is set. Returned by {@link
 * PromotionContext#rangeStats}; reused by the next call.
 */
@ProviderType
public interface RangeStats {

  /** The range's first address, aligned to the PMD size. */
  long start();

  /** The VMA containing {@link #start()}, or {@code null} when none does. */
  VmaView vma();

  /** Whether the range lies wholly inside {@link #vma()}. */
  boolean inVma();

  /** Whether a PMD maps the range as one huge page. */
  boolean huge();

  /** Whether a page table maps the range (false also when it is huge). */
  boolean hasTable();

  /** Base pages in the range: {@code 1 << pmdOrder}. */
  int pages();

  /** Empty entries. */
  int none();

  /** Entries mapping the shared zero page (counted with {@link #none()} by khugepaged's limit). */
  int zeroPage();

  /** Entries holding a swap slot. */
  int swapped();

  /** Entries mapping a private page. */
  int present();

  /** Present pages mapped more than once (shared with a fork). */
  int shared();

  /** Present entries that are writable. */
  int writable();

  /** Present entries whose accessed (young) bit is set. */
  int accessed();

  /**
   * Present pages whose content is all zeros: what bloat recovery could free. Unlike the other
   * counts, which come from the page tables, this one reads the pages, on the first call only, and
   * the reading is charged as background time (a zero-filled page is read through, another only to
   * its first line).
   */
  int zeroFilled();

  /** Present pages pinned (a collapse would fail on them). */
  int pinned();

  /** Base pages that hold data or could: present plus swapped. */
  default int populated() {
    return present() + swapped();
  }
}
