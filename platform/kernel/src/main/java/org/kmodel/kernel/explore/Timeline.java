package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * An interleaving drawn as the seed's diagram: one column per task, one row per step, each step
 * starting in its task's column (and running on to the right in full), time running down.
 */
public final class Timeline {
  private static final int WIDTH = 44;

  private Timeline() {}

  public static String render(List<TraceEntry> trace) {
    List<String> tasks = new ArrayList<>();
    for (TraceEntry e : trace) {
      if (!tasks.contains(e.task())) {
        tasks.add(e.task());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%4s  ", ""));
    for (String t : tasks) {
      sb.append(pad(t));
    }
    sb.append('\n');
    sb.append(String.format("%4s  ", "")).append("-".repeat(WIDTH * tasks.size() - 2)).append('\n');
    int row = 1;
    for (TraceEntry e : trace) {
      sb.append(String.format("%4d  ", row++));
      int col = tasks.indexOf(e.task());
      sb.append(" ".repeat(WIDTH * col)).append(e.step()).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s) {
    String c = clip(s);
    return c + " ".repeat(Math.max(0, WIDTH - c.length()));
  }

  private static String clip(String s) {
    return s.length() <= WIDTH - 2 ? s : s.substring(0, WIDTH - 5) + "...";
  }
}
