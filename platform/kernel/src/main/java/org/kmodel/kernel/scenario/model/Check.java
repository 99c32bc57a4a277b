package org.kmodel.kernel.scenario.model;

/**
 * {@code check}: fails the run unless every page of a range of a region reads back a value; a page
 * never written reads back 0.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part to check
 * @param value the value every page must hold
 */
public record Check(Location where, String pid, String region, Range range, long value)
    implements Step {

  @Override
  public String op() {
    return "check";
  }
}
