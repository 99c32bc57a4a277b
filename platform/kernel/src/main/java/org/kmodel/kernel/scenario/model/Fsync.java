package org.kmodel.kernel.scenario.model;

/**
 * {@code fsync: f} or {@code fsync: {file: f}}: writes the file's dirty data back and waits for its
 * ordered extents.
 *
 * @param where where the op is written
 * @param file the file, created by an earlier {@link Create}
 */
public record Fsync(Location where, String file) implements Step {

  @Override
  public String op() {
    return "fsync";
  }
}
