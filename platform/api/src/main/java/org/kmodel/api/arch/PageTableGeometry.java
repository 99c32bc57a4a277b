package org.kmodel.api.arch;

import java.util.List;

/**
 * The shape of an architecture's page tables: levels from the top (PGD) down to the level that maps
 * base pages. The lowest level's shift is the base page shift and it is always a leaf level.
 */
public record PageTableGeometry(List<PageTableLevel> levels) {

  public PageTableGeometry {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("a page table needs at least one level");
    }
    for (int i = 1; i < levels.size(); i++) {
      PageTableLevel up = levels.get(i - 1);
      PageTableLevel down = levels.get(i);
      if (up.shift() != down.shift() + down.indexBits()) {
        throw new IllegalArgumentException(
            "level " + up.name() + " does not sit directly above " + down.name());
      }
    }
    if (!levels.get(levels.size() - 1).leaf()) {
      throw new IllegalArgumentException("the lowest level must map pages");
    }
  }

  /** The base page shift (12 for 4 KiB pages). */
  public int pageShift() {
    return levels.get(levels.size() - 1).shift();
  }

  /** Virtual address bits the tables translate. */
  public int virtualAddressBits() {
    PageTableLevel top = levels.get(0);
    return top.shift() + top.indexBits();
  }

  /** Number of levels a walk to a base page reads. */
  public int depth() {
    return levels.size();
  }

  /**
   * Memory references a native walk makes to reach a leaf of the given page order (0 = base page):
   * one per level down to and including the level whose entries map pages of that order.
   *
   * @throws IllegalArgumentException when no leaf level maps pages of that order
   */
  public int walkReferences(int order) {
    int shift = pageShift() + order;
    for (int i = 0; i < levels.size(); i++) {
      PageTableLevel level = levels.get(i);
      if (level.shift() == shift && level.leaf()) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no leaf level maps order " + order);
  }

  /** The level whose entries map pages of the given order, or {@code null}. */
  public PageTableLevel leafLevelFor(int order) {
    int shift = pageShift() + order;
    for (PageTableLevel level : levels) {
      if (level.shift() == shift && level.leaf()) {
        return level;
      }
    }
    return null;
  }
}
