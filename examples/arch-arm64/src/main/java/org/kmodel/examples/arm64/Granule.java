package org.kmodel.examples.arm64;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * The three arm64 translation granules and the page tables each builds. Every table level resolves
 * {@code pageShift - 3} address bits (a table is one page of 8-byte descriptors); the top level
 * takes what is left of the virtual address.
 */
enum Granule {
  /** 4K pages: 9 bits per level, blocks at L1 (1G) and L2 (2M), spans of 16. */
  K4(12, 16, 16, 10, true, List.of(39, 48)),
  /** 16K pages: 11 bits per level, blocks at L2 (32M) only, spans of 128 PTEs and 32 PMDs. */
  K16(14, 128, 32, 11, false, List.of(47, 48)),
  /** 64K pages: 13 bits per level, blocks at L2 (512M) only, spans of 32. */
  K64(16, 32, 32, 13, false, List.of(42, 48));

  private final int pageShift;
  private final int contPtes;
  private final int contPmds;
  private final int maxPageOrder;
  private final boolean pudBlocks;
  private final List<Integer> vaBits;

  Granule(
      int pageShift,
      int contPtes,
      int contPmds,
      int maxPageOrder,
      boolean pudBlocks,
      List<Integer> vaBits) {
    this.pageShift = pageShift;
    this.contPtes = contPtes;
    this.contPmds = contPmds;
    this.maxPageOrder = maxPageOrder;
    this.pudBlocks = pudBlocks;
    this.vaBits = vaBits;
  }

  /** The granule a boot parameter names ({@code 4K}, {@code 16K}, {@code 64K}); 4K when absent. */
  static Granule parse(String value) {
    if (value == null) {
      return K4;
    }
    return switch (value.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "4K" -> K4;
      case "16K" -> K16;
      case "64K" -> K64;
      default ->
          throw new IllegalArgumentException(
              Arm64Architecture.GRANULE + "=" + value + ": the granule is 4K, 16K or 64K");
    };
  }

  /**
   * The page tables for {@code vaBits} of virtual address.
   *
   * @throws IllegalArgumentException for a VA size this granule's Kconfig does not offer
   */
  MachineGeometry geometry(int va) {
    if (!vaBits.contains(va)) {
      throw new IllegalArgumentException(
          Arm64Architecture.VA_BITS
              + "="
              + va
              + ": a "
              + name().substring(1)
              + "K granule offers "
              + vaBits
              + " bits");
    }
    int bits = pageShift - 3;
    List<int[]> upper = new ArrayList<>();
    for (int shift = pageShift + 2 * bits; shift < va; shift += bits) {
      upper.add(0, new int[] {shift, Math.min(bits, va - shift)});
    }
    int depth = upper.size() + 2;
    List<PageTableLevel> levels = new ArrayList<>();
    for (int i = 0; i < upper.size(); i++) {
      int shift = upper.get(i)[0];
      int index = upper.get(i)[1];
      String name = "L" + (4 - depth + i);
      boolean block = pudBlocks && i == upper.size() - 1 && index == bits;
      levels.add(
          block
              ? PageTableLevel.leaf(name, shift, index)
              : PageTableLevel.table(name, shift, index));
    }
    levels.add(PageTableLevel.leaf("L2", pageShift + bits, bits).withContiguous(contPmds));
    levels.add(PageTableLevel.leaf("L3", pageShift, bits).withContiguous(contPtes));
    int pmdOrder = bits;
    int contPte = Integer.numberOfTrailingZeros(contPtes);
    int contPmd = pmdOrder + Integer.numberOfTrailingZeros(contPmds);
    List<Integer> reserved = new ArrayList<>(List.of(contPte, contPmd));
    if (depth > 2 && levels.get(depth - 3).leaf()) {
      reserved.add(2 * bits);
    }
    return MachineGeometry.builder()
        .levels(levels.toArray(PageTableLevel[]::new))
        .thpOrders(pmdOrder)
        .reservationOrders(reserved.stream().mapToInt(Integer::intValue).toArray())
        .maxPageOrder(maxPageOrder)
        .build();
  }
}
