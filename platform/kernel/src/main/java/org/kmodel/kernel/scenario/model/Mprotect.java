package org.kmodel.kernel.scenario.model;

/**
 * {@code mprotect}: changes the protection of all or part of a region.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part to change
 * @param prot the new protection
 */
public record Mprotect(Location where, String pid, String region, Range range, Prot prot)
    implements Step {

  @Override
  public String op() {
    return "mprotect";
  }
}
