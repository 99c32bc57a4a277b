package org.kmodel.kernel.cost;

import java.util.Locale;

/**
 * How much of the cost model runs.
 *
 * <ul>
 *   <li>{@link #EXACT}: every access goes through the TLBs, the walk caches and the line cache one
 *       at a time.
 *   <li>{@link #FAST}: a run of first touches within one page-table page is charged in closed form
 *       and leaves the TLBs, walk caches and line cache exactly as {@code exact} would; figures
 *       agree with {@code exact} (counters exactly, nanoseconds within rounding), and whatever the
 *       closed form does not cover runs as in {@code exact}.
 *   <li>{@link #OFF}: nothing is charged and no cost state is kept; simulated time advances only by
 *       sleeps and I/O. For selftests and the explorer, which look at kernel state, not time.
 * </ul>
 */
public enum CostMode {
  EXACT,
  FAST,
  OFF;

  /** The mode as scenarios and the command line write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a scenario or {@code --cost} names, or {@code null} when there is none. */
  public static CostMode parse(String text) {
    for (CostMode m : values()) {
      if (m.label().equals(text)) {
        return m;
      }
    }
    return null;
  }

  /** The modes as one writes them, for messages. */
  public static String choices() {
    return "exact, fast or off";
  }
}
