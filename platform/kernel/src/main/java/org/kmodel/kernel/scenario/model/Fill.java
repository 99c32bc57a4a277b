package org.kmodel.kernel.scenario.model;

/**
 * {@code fill}: memsets a range of a region; every byte is written (costed as a memset) and each
 * base page takes the value, which {@link Check} reads back. With {@link Pattern#RANDOM} only some
 * distinct pages of the range are written, drawn with the scenario's seed.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part to fill
 * @param value the value each page records
 * @param pattern which pages are written; {@link Pattern#SEQUENTIAL} unless given
 * @param count with {@link Pattern#RANDOM}, how many distinct pages; 0 when not given
 * @param fractionPpm with {@link Pattern#RANDOM}, the share of the range's pages to write, in
 *     millionths; {@link #NO_FRACTION} when not given. Without count or fraction, every page is
 *     written, in random order
 */
public record Fill(
    Location where,
    String pid,
    String region,
    Range range,
    long value,
    Pattern pattern,
    long count,
    long fractionPpm)
    implements Step {

  /** {@link #fractionPpm()} when no fraction is given. */
  public static final long NO_FRACTION = -1;

  /** The whole range, page after page. */
  public Fill(Location where, String pid, String region, Range range, long value) {
    this(where, pid, region, range, value, Pattern.SEQUENTIAL, 0, NO_FRACTION);
  }

  @Override
  public String op() {
    return "fill";
  }

  /** Which pages of the range a fill writes. */
  public enum Pattern {
    /** Every page, in address order. */
    SEQUENTIAL,
    /** Distinct pages drawn with the scenario's seed, in the order drawn. */
    RANDOM
  }
}
