package org.kmodel.kernel.scenario.model;

/**
 * {@code touch}: CPU accesses to a range of a region: faults where unmapped, TLB traffic always.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part accessed
 * @param access whether the accesses read or write
 * @param pattern the order of the accesses; {@link Pattern#SEQUENTIAL} unless given
 * @param stride bytes between accesses, a positive whole number of base pages, given exactly when
 *     the pattern is {@link Pattern#STRIDE}; 0 otherwise
 * @param count how many accesses; 0 (the default) means every base page of the range once
 */
public record Touch(
    Location where,
    String pid,
    String region,
    Range range,
    Access access,
    Pattern pattern,
    long stride,
    long count)
    implements Step {

  @Override
  public String op() {
    return "touch";
  }

  /** Whether an access reads or writes. */
  public enum Access {
    /** A load. */
    READ,
    /** A store. */
    WRITE
  }

  /** The order in which pages of the range are accessed. */
  public enum Pattern {
    /** Page after page from the range's start. */
    SEQUENTIAL,
    /** One page every {@code stride} bytes from the range's start. */
    STRIDE,
    /** Pages chosen by the scenario's seeded random generator. */
    RANDOM
  }
}
