package org.kmodel.kernel.mm.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code /proc/buddyinfo} file read back: free blocks per order, summed over every node and zone,
 * so a machine can boot with the free-memory shape of a real one ({@link Fragmentation#imported}).
 *
 * <p>Linux prints one line per zone, {@code "Node %d, zone %8s "} and then {@value #ORDERS} counts
 * {@code "%6lu "}, orders 0 to 10. Parsing never throws: what is wrong comes back as {@link
 * Problem}s that name the line and column (both from 1, a tab counting as one column).
 */
public final class BuddyInfo {
  /** Count columns per line: orders 0 to 10. */
  public static final int ORDERS = 11;

  /** One thing wrong with the text, where it is and what was expected. */
  public record Problem(int line, int column, String message) {

    /** Returns {@code line:column: message}. */
    @Override
    public String toString() {
      return line + ":" + column + ": " + message;
    }
  }

  /** One zone line: its node, zone name and free blocks of orders 0 to 10. */
  public record Zone(int line, int node, String name, List<Long> freeBlocks) {
    public Zone {
      freeBlocks = List.copyOf(freeBlocks);
    }
  }

  private final List<Zone> zones;
  private final List<Problem> problems;
  private final long[] total;

  private BuddyInfo(List<Zone> zones, List<Problem> problems, long[] total) {
    this.zones = List.copyOf(zones);
    this.problems = List.copyOf(problems);
    this.total = total;
  }

  /** Reads the text of a {@code /proc/buddyinfo} file. */
  public static BuddyInfo parse(String text) {
    List<Zone> zones = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    long[] total = new long[ORDERS];
    String[] lines = text.split("\n", -1);
    boolean any = false;
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank()) {
        continue;
      }
      any = true;
      Zone z = parseLine(i + 1, line, problems);
      if (z != null) {
        zones.add(z);
        for (int o = 0; o < ORDERS; o++) {
          total[o] += z.freeBlocks().get(o);
          if (total[o] < 0) {
            problems.add(new Problem(i + 1, 1, "the order-" + o + " counts add up past 2^63"));
            total[o] = Long.MAX_VALUE;
          }
        }
      }
    }
    if (!any) {
      problems.add(
          new Problem(
              1, 1, "no zone lines: expected lines like 'Node 0, zone   Normal' + 11 counts"));
    }
    return new BuddyInfo(zones, problems, total);
  }

  /** Whether the text parsed without problems. */
  public boolean ok() {
    return problems.isEmpty();
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The zone lines that parsed, in file order. */
  public List<Zone> zones() {
    return zones;
  }

  /** Free blocks per order (index = order), summed over the zone lines that parsed. */
  public long[] freeBlocksPerOrder() {
    return total.clone();
  }

  /** Free 4K frames those blocks hold. */
  public long freeFrames() {
    long frames = 0;
    for (int o = 0; o < ORDERS; o++) {
      frames += total[o] << o;
    }
    return frames;
  }

  /**
   * One zone line as Linux prints it, without the newline: the zone name right-aligned in 8
   * columns, each count in 6, each followed by a space.
   */
  public static String format(int node, String zone, long[] freeBlocks) {
    StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", node, zone));
    for (long n : freeBlocks) {
      sb.append(String.format("%6d ", n));
    }
    return sb.toString();
  }

  private static Zone parseLine(int lineNo, String line, List<Problem> problems) {
    List<int[]> spans = tokens(line);
    String first = word(line, spans.get(0));
    if (!first.equals("Node")) {
      problems.add(
          new Problem(
              lineNo,
              spans.get(0)[0] + 1,
              "line "
                  + lineNo
                  + " is not in /proc/buddyinfo format ('Node <n>, zone <name>' and "
                  + ORDERS
                  + " counts)"));
      return null;
    }
    String node = spans.size() > 1 ? word(line, spans.get(1)) : "";
    if (!node.matches("[0-9]{1,9},")) {
      problems.add(
          new Problem(
              lineNo, column(line, spans, 1), "expected a node number and a comma, e.g. '0,'"));
      return null;
    }
    if (spans.size() < 3 || !word(line, spans.get(2)).equals("zone")) {
      problems.add(new Problem(lineNo, column(line, spans, 2), "expected 'zone'"));
      return null;
    }
    if (spans.size() < 4) {
      problems.add(new Problem(lineNo, column(line, spans, 3), "expected a zone name"));
      return null;
    }
    int counts = spans.size() - 4;
    if (counts != ORDERS) {
      problems.add(
          new Problem(
              lineNo,
              column(line, spans, 4 + Math.min(counts, ORDERS)),
              "expected " + ORDERS + " counts of free blocks (orders 0 to 10), found " + counts));
      return null;
    }
    List<Long> free = new ArrayList<>(ORDERS);
    boolean good = true;
    for (int t = 4; t < spans.size(); t++) {
      String w = word(line, spans.get(t));
      long v = -1;
      if (w.matches("[0-9]{1,19}")) {
        try {
          v = Long.parseLong(w);
        } catch (NumberFormatException e) {
          v = -1;
        }
      }
      if (v < 0) {
        problems.add(
            new Problem(
                lineNo,
                spans.get(t)[0] + 1,
                "line "
                    + lineNo
                    + " is not in /proc/buddyinfo format (the count of order "
                    + (t - 4)
                    + " is not a number)"));
        good = false;
      }
      free.add(v);
    }
    int nodeId = Integer.parseInt(node.substring(0, node.length() - 1));
    return good ? new Zone(lineNo, nodeId, word(line, spans.get(3)), free) : null;
  }

  /** Start and end of each whitespace-separated word. */
  private static List<int[]> tokens(String line) {
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        spans.add(new int[] {start, i});
      }
    }
    return spans;
  }

  private static String word(String line, int[] span) {
    return line.substring(span[0], span[1]);
  }

  /** The column of word {@code t}, or just past the line's last word when there is none. */
  private static int column(String line, List<int[]> spans, int t) {
    if (t < spans.size()) {
      return spans.get(t)[0] + 1;
    }
    return spans.get(spans.size() - 1)[1] + 1;
  }
}
