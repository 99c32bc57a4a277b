package org.kmodel.testkit.fake;

import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.RangeStats;

/**
 * One PMD-sized range as a test sets it up: PTE-mapped with counts of what its entries hold, or
 * PMD-mapped as one huge page. The counts are public fields a test assigns directly or through
 * {@link #table} and {@link #huge}; the getters report them as the kernel's range scan would, so
 * that a huge range reads as every base page present, none swapped or empty, and accessed all or
 * not at all.
 *
 * <p>Counts that do not fit the range (more populated entries than pages, more accessed pages than
 * present ones) are the test's mistake; {@link #table} rejects them, direct assignment does not.
 */
public final class FakeRange implements RangeStats {
  /** The range's first address, aligned to the PMD size. */
  public final long start;

  /** Base pages in the range. */
  public final int pages;

  /** The VMA containing {@link #start}, or {@code null}. */
  public VmaView vma;

  /** Whether the range lies wholly inside {@link #vma}. */
  public boolean inVma;

  /** Whether a PMD maps the range as one huge page. */
  public boolean huge;

  /** PTE-mapped private pages; ignored while {@link #huge}. */
  public int present;

  /** Entries holding a swap slot; ignored while {@link #huge}. */
  public int swapped;

  /** Entries mapping the shared zero page; ignored while {@link #huge}. */
  public int zeroPage;

  /** Present pages mapped more than once (shared with a fork). */
  public int shared;

  /** Present pages mapped read-only; every other present page is writable. */
  public int readOnly;

  /**
   * Present pages whose accessed bit is set; while {@link #huge}, any positive count stands for the
   * PMD's accessed bit.
   */
  public int accessed;

  /** Present pages whose content is all zeros. */
  public int zeroFilled;

  /** Present pages pinned, so that a collapse fails on them. */
  public int pinned;

  /**
   * An empty range: every entry empty, no page table.
   *
   * @param start the first address, which the caller has aligned to the PMD size
   * @param pages base pages in the range ({@code 1 << pmdOrder})
   * @param vma the VMA containing {@code start}, or {@code null}; {@link #inVma} starts as whether
   *     there is one, and a test sets it false for a range that straddles the VMA's end
   */
  public FakeRange(long start, int pages, VmaView vma) {
    if (pages <= 0) {
      throw new IllegalArgumentException("a range has at least one page: " + pages);
    }
    this.start = start;
    this.pages = pages;
    this.vma = vma;
    this.inVma = vma != null;
  }

  /**
   * Maps the range by a page table holding {@code present} private pages, {@code accessed} of them
   * touched since the last sample; the other counts are kept.
   *
   * @throws IllegalArgumentException when the counts do not fit the range
   */
  public FakeRange table(int present, int accessed) {
    if (present < 0 || accessed < 0 || accessed > present) {
      throw new IllegalArgumentException(
          "accessed " + accessed + " of " + present + " present pages");
    }
    if (present + swapped + zeroPage > pages) {
      throw new IllegalArgumentException(
          present + swapped + zeroPage + " populated entries in a range of " + pages);
    }
    this.huge = false;
    this.present = present;
    this.accessed = accessed;
    return this;
  }

  /**
   * Maps the range as one huge page whose PMD is accessed or not, {@code zeroFilled} of its base
   * pages all zeros.
   *
   * @throws IllegalArgumentException when {@code zeroFilled} is negative or above {@link #pages}
   */
  public FakeRange huge(boolean accessed, int zeroFilled) {
    if (zeroFilled < 0 || zeroFilled > pages) {
      throw new IllegalArgumentException(zeroFilled + " zero-filled pages of " + pages);
    }
    this.huge = true;
    this.present = 0;
    this.swapped = 0;
    this.zeroPage = 0;
    this.accessed = accessed ? pages : 0;
    this.zeroFilled = zeroFilled;
    return this;
  }

  /** A snapshot of this range, so that a later change to either leaves the other alone. */
  FakeRange copy() {
    FakeRange c = new FakeRange(start, pages, vma);
    c.inVma = inVma;
    c.huge = huge;
    c.present = present;
    c.swapped = swapped;
    c.zeroPage = zeroPage;
    c.shared = shared;
    c.readOnly = readOnly;
    c.accessed = accessed;
    c.zeroFilled = zeroFilled;
    c.pinned = pinned;
    return c;
  }

  @Override
  public long start() {
    return start;
  }

  @Override
  public VmaView vma() {
    return vma;
  }

  @Override
  public boolean inVma() {
    return inVma;
  }

  @Override
  public boolean huge() {
    return huge;
  }

  /** Whether any entry is populated, as a range scan finds a table only where something was. */
  @Override
  public boolean hasTable() {
    return !huge && present + swapped + zeroPage > 0;
  }

  @Override
  public int pages() {
    return pages;
  }

  @Override
  public int none() {
    return huge ? 0 : pages - present - swapped - zeroPage;
  }

  @Override
  public int zeroPage() {
    return huge ? 0 : zeroPage;
  }

  @Override
  public int swapped() {
    return huge ? 0 : swapped;
  }

  @Override
  public int present() {
    return huge ? pages : present;
  }

  @Override
  public int shared() {
    return shared;
  }

  @Override
  public int writable() {
    return present() - readOnly;
  }

  @Override
  public int accessed() {
    if (huge) {
      return accessed > 0 ? pages : 0;
    }
    return accessed;
  }

  @Override
  public int zeroFilled() {
    return zeroFilled;
  }

  @Override
  public int pinned() {
    return pinned;
  }

  @Override
  public String toString() {
    return "FakeRange@0x" + Long.toHexString(start) + (huge ? " huge" : " " + present + " present");
  }
}
