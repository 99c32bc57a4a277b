package org.kmodel.api.machine;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One level of a radix page table, as an architecture declares it in a {@link MachineGeometry}.
 * Immutable; made with {@link #table} or {@link #leaf} and refined with {@code with...} methods, so
 * that attributes added in later API versions do not break the plugins that make levels.
 *
 * <p>An entry of the level maps {@code 1 << shift} bytes. A <em>leaf</em> level's entries may map
 * that much memory directly (a PMD huge page, an arm64 block, a RISC-V megapage) instead of
 * pointing to a lower table; the lowest level is always a leaf level. A level with a <em>contiguous
 * span</em> of {@code n} entries lets software mark {@code n} aligned, adjacent leaf entries that
 * map physically contiguous memory with the same attributes, so that the TLB may hold them as one
 * entry of {@code n} times the size (arm64's contiguous bit: 16 PTEs = 64K on the 4K granule;
 * RISC-V Svnapot: 16 PTEs = 64K).
 */
@ProviderType
public final class PageTableLevel {
  private final String name;
  private final int shift;
  private final int indexBits;
  private final boolean leaf;
  private final int contiguousEntries;

  private PageTableLevel(
      String name, int shift, int indexBits, boolean leaf, int contiguousEntries) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a page-table level needs a name");
    }
    if (shift < 0 || indexBits <= 0 || shift + indexBits > 64) {
      throw new IllegalArgumentException(
          "page-table level " + name + ": shift " + shift + " and " + indexBits + " index bits");
    }
    if (contiguousEntries != 0
        && (contiguousEntries < 2
            || Integer.bitCount(contiguousEntries) != 1
            || contiguousEntries > (1 << indexBits))) {
      throw new IllegalArgumentException(
          "page-table level "
              + name
              + ": a contiguous span is a power of two from 2 to the entries of one table, not "
              + contiguousEntries);
    }
    if (contiguousEntries != 0 && !leaf) {
      throw new IllegalArgumentException(
          "page-table level " + name + " has a contiguous span but maps no pages");
    }
    this.name = name;
    this.shift = shift;
    this.indexBits = indexBits;
    this.leaf = leaf;
    this.contiguousEntries = contiguousEntries;
  }

  /**
   * A level whose entries only point to lower tables (x86-64's PGD).
   *
   * @param name the kernel's name for the level, e.g. {@code PGD}, {@code L0}
   * @param shift address bits below this level's index
   * @param indexBits address bits this level's index takes
   */
  public static PageTableLevel table(String name, int shift, int indexBits) {
    return new PageTableLevel(name, shift, indexBits, false, 0);
  }

  /** A level whose entries may also map {@code 1 << shift} bytes directly. */
  public static PageTableLevel leaf(String name, int shift, int indexBits) {
    return new PageTableLevel(name, shift, indexBits, true, 0);
  }

  /** This level with a contiguous span of {@code entries} leaf entries (0: none). */
  public PageTableLevel withContiguous(int entries) {
    return new PageTableLevel(name, shift, indexBits, leaf, entries);
  }

  /** The kernel's name for the level, e.g. {@code PMD}. */
  public String name() {
    return name;
  }

  /** Address bits below this level's index: an entry maps {@code 1 << shift} bytes. */
  public int shift() {
    return shift;
  }

  /** Address bits this level's index takes; a table of this level has {@code 1 << indexBits}. */
  public int indexBits() {
    return indexBits;
  }

  /** Whether an entry of this level may map pages directly. */
  public boolean leaf() {
    return leaf;
  }

  /** Entries of a contiguous span at this level, or 0 when the level has none. */
  public int contiguousEntries() {
    return contiguousEntries;
  }

  /** Bytes one entry of this level maps. */
  public long entrySize() {
    return 1L << shift;
  }

  /** Entries in one table of this level. */
  public int entries() {
    return 1 << indexBits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PageTableLevel l
        && l.name.equals(name)
        && l.shift == shift
        && l.indexBits == indexBits
        && l.leaf == leaf
        && l.contiguousEntries == contiguousEntries;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, shift, indexBits, leaf, contiguousEntries);
  }

  @Override
  public String toString() {
    return name
        + "(shift "
        + shift
        + ", "
        + indexBits
        + " bits"
        + (leaf ? ", leaf" : "")
        + (contiguousEntries != 0 ? ", contiguous " + contiguousEntries : "")
        + ")";
  }
}
