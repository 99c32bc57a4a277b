package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * An interleaving drawn as the seed's diagram: one column per task, one row per step, each step
 * starting in its task's column and running on to the right, time running down. Columns are 44
 * wide, narrower when the tasks would not fit in {@link #LINE} columns; a step is clipped at the
 * line's end.
 */
public final class Timeline {
  /** The widest line drawn. */
  public static final int LINE = 100;

  private static final int ROW = 6;

  private Timeline() {}

  public static String render(List<TraceEntry> trace) {
    List<String> tasks = new ArrayList<>();
    for (TraceEntry e : trace) {
      if (!tasks.contains(e.task())) {
        tasks.add(e.task());
      }
    }
    int width = Math.max(8, Math.min(44, (LINE - ROW) / Math.max(1, tasks.size())));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%4s  ", ""));
    for (String t : tasks) {
      sb.append(pad(t, width));
    }
    sb.append('\n');
    sb.append(String.format("%4s  ", "")).append("-".repeat(width * tasks.size() - 2)).append('\n');
    int row = 1;
    for (TraceEntry e : trace) {
      sb.append(String.format("%4d  ", row++));
      int col = tasks.indexOf(e.task());
      sb.append(" ".repeat(width * col))
          .append(clip(e.step(), LINE - ROW - width * col))
          .append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    String c = clip(s, width - 2);
    return c + " ".repeat(Math.max(0, width - c.length()));
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 3) + "...";
  }
}
