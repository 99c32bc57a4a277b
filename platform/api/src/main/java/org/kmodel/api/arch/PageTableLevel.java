package org.kmodel.api.arch;

/**
 * One level of a radix page table, top level first in {@link PageTableGeometry#levels()}.
 *
 * @param name the kernel's name for the level, e.g. {@code PGD}, {@code PMD}, {@code PTE}
 * @param shift the number of address bits below this level's index: an entry maps {@code 1 <<
 *     shift} bytes
 * @param indexBits the number of address bits this level's index takes (entries = {@code 1 <<
 *     indexBits})
 * @param leaf whether an entry at this level may map a page directly (a huge leaf above the lowest
 *     level)
 */
public record PageTableLevel(String name, int shift, int indexBits, boolean leaf) {

  public PageTableLevel {
    if (shift < 0 || indexBits <= 0 || shift + indexBits > 64) {
      throw new IllegalArgumentException("bad page-table level " + name);
    }
  }

  /** Bytes one entry of this level maps. */
  public long entrySize() {
    return 1L << shift;
  }

  /** Entries in one table of this level. */
  public int entries() {
    return 1 << indexBits;
  }
}
