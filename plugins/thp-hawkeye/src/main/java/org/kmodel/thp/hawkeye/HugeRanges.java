package org.kmodel.thp.hawkeye;

import org.kmodel.api.mm.VmaView;

/** The PMD-sized ranges that lie wholly inside a VMA. */
final class HugeRanges {
  private HugeRanges() {}

  /**
   * The first aligned range's start: the VMA's start rounded up to {@code huge}. Ranges follow
   * every {@code huge} bytes while {@code start + huge <= vma.end()}.
   */
  static long first(VmaView vma, long huge) {
    return (vma.start() + huge - 1) & -huge;
  }
}
