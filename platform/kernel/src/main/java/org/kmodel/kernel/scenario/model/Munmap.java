package org.kmodel.kernel.scenario.model;

/**
 * {@code munmap}: unmaps all or part of a region.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part to unmap
 */
public record Munmap(Location where, String pid, String region, Range range) implements Step {

  @Override
  public String op() {
    return "munmap";
  }
}
