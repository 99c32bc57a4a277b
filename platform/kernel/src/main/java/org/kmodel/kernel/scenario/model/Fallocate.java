package org.kmodel.kernel.scenario.model;

/**
 * {@code fallocate: {file: f, offset: 0, length: 1M}}: preallocates a range of a file with
 * unwritten extents.
 *
 * @param where where the op is written
 * @param file the file, created by an earlier {@link Create}
 * @param offset bytes from the file's start; a whole number of the filesystem's 4K sectors; 0
 *     unless given
 * @param length bytes; a positive whole number of sectors
 */
public record Fallocate(Location where, String file, long offset, long length) implements Step {

  @Override
  public String op() {
    return "fallocate";
  }
}
