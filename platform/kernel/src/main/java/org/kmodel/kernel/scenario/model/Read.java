package org.kmodel.kernel.scenario.model;

/**
 * {@code read: {file: f, offset: 0, length: 4K}}: reads a range of a file through the chunk map. An
 * address no chunk maps, or data other than the last written, is a {@code data-loss} event.
 *
 * @param where where the op is written
 * @param file the file, created by an earlier {@link Create}
 * @param offset bytes from the file's start; a whole number of the filesystem's 4K sectors; 0
 *     unless given
 * @param length bytes; a positive whole number of sectors
 */
public record Read(Location where, String file, long offset, long length) implements Step {

  @Override
  public String op() {
    return "read";
  }
}
