package org.kmodel.kernel.scenario.model;

import java.util.Comparator;

/**
 * A position in a scenario file, as people read it: lines and columns count from 1.
 *
 * <p>Every problem and every parsed step carries one, so that a failure at run time can still point
 * at the line that asked for it.
 */
public record Location(String file, int line, int column) implements Comparable<Location> {

  private static final Comparator<Location> ORDER =
      Comparator.comparing(Location::file)
          .thenComparingInt(Location::line)
          .thenComparingInt(Location::column);

  @Override
  public int compareTo(Location other) {
    return ORDER.compare(this, other);
  }

  /** Returns {@code file:line:column}, the form compilers use and editors jump to. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
