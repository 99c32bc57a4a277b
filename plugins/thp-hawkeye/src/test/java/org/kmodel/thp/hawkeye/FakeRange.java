package org.kmodel.thp.hawkeye;

import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.RangeStats;

/**
 * One PMD-sized range of a {@link FakeAddressSpace}, set by the test: mapped huge or by a page
 * table, with counts of present, accessed and zero-filled base pages. Accessed bits are cleared by
 * a sample that asks for it, as the kernel's are.
 */
final class FakeRange implements RangeStats {
  static final int PAGES = 512;

  private final long start;
  private final VmaView vma;
  boolean huge;
  int present;
  int accessed;
  int zeroFilled;

  FakeRange(long start, VmaView vma) {
    this.start = start;
    this.vma = vma;
  }

  /** Base pages present, of which {@code accessed} were touched since the last sample. */
  FakeRange table(int present, int accessed) {
    this.huge = false;
    this.present = present;
    this.accessed = accessed;
    return this;
  }

  /** A PMD-mapped huge page with {@code zeroFilled} of its base pages all zeros. */
  FakeRange huge(int zeroFilled) {
    this.huge = true;
    this.present = PAGES;
    this.zeroFilled = zeroFilled;
    return this;
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
    return true;
  }

  @Override
  public boolean huge() {
    return huge;
  }

  @Override
  public boolean hasTable() {
    return !huge && present > 0;
  }

  @Override
  public int pages() {
    return PAGES;
  }

  @Override
  public int none() {
    return PAGES - present;
  }

  @Override
  public int zeroPage() {
    return 0;
  }

  @Override
  public int swapped() {
    return 0;
  }

  @Override
  public int present() {
    return present;
  }

  @Override
  public int shared() {
    return 0;
  }

  @Override
  public int writable() {
    return present;
  }

  @Override
  public int accessed() {
    return accessed;
  }

  @Override
  public int zeroFilled() {
    return zeroFilled;
  }

  @Override
  public int pinned() {
    return 0;
  }
}
