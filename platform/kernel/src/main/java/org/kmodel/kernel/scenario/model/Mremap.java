package org.kmodel.kernel.scenario.model;

/**
 * {@code mremap}: moves all or part of a region to a new address, known to later steps as region
 * {@code as}. The new address is not 2M-aligned unless {@code align} says so.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region to move from
 * @param range the part to move
 * @param as the new region's name
 * @param align the alignment of the new address, a power of two of at least the base page; 0 for
 *     none
 */
public record Mremap(Location where, String pid, String region, Range range, String as, long align)
    implements Step {

  @Override
  public String op() {
    return "mremap";
  }
}
