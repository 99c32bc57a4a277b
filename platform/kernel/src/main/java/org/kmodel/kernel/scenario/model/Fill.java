package org.kmodel.kernel.scenario.model;

/**
 * {@code fill}: memsets a range of a region; every byte is written (costed as a memset) and each
 * base page takes the value, which {@link Check} reads back.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part to fill
 * @param value the value each page records
 */
public record Fill(Location where, String pid, String region, Range range, long value)
    implements Step {

  @Override
  public String op() {
    return "fill";
  }
}
