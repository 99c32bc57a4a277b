package org.kmodel.thp.ingens;

import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.RangeStats;

/** A PMD range as a test sets it up: what its PTEs hold, or a huge page, and its accessed bits. */
final class FakeRange implements RangeStats {
  static final int PAGES = 512;

  long start;
  VmaView vma;
  boolean inVma = true;
  boolean huge;
  int present;
  int swapped;
  int accessed;
  int pinned;

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

  @Override
  public boolean hasTable() {
    return !huge && present + swapped > 0;
  }

  @Override
  public int pages() {
    return PAGES;
  }

  @Override
  public int none() {
    return huge ? 0 : PAGES - present - swapped;
  }

  @Override
  public int zeroPage() {
    return 0;
  }

  @Override
  public int swapped() {
    return huge ? 0 : swapped;
  }

  @Override
  public int present() {
    return huge ? PAGES : present;
  }

  @Override
  public int shared() {
    return 0;
  }

  @Override
  public int writable() {
    return present();
  }

  @Override
  public int accessed() {
    return accessed;
  }

  @Override
  public int zeroFilled() {
    return 0;
  }

  @Override
  public int pinned() {
    return pinned;
  }
}
