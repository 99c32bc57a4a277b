package org.kmodel.kernel.cost;

/**
 * How much memory one TLB array can translate for one page size: its entries times the size (an
 * array shared by several sizes has one row per size, each as if it held only that size).
 *
 * @param tlb the array's name in the CPU profile, e.g. {@code L2 TLB}
 * @param level 1 or 2
 * @param pageSize bytes one entry translates: a leaf size or a contiguous span the machine maps
 * @param entries entries of the array
 */
public record TlbReach(String tlb, int level, long pageSize, int entries) {

  /** Bytes the array translates when every entry holds a page of this size. */
  public long reachBytes() {
    return pageSize * entries;
  }
}
