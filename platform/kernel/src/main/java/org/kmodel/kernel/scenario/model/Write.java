package org.kmodel.kernel.scenario.model;

/**
 * {@code write: {file: f, offset: 4K, length: 8K, value: 7, direct: true}}: writes a range of a
 * file, every 4K sector holding {@code value}, which {@code data.<file>.<offset>} reads back.
 *
 * @param where where the op is written
 * @param file the file, created by an earlier {@link Create}
 * @param offset bytes from the file's start; a whole number of the filesystem's 4K sectors; 0
 *     unless given
 * @param length bytes; a positive whole number of sectors
 * @param value the value each sector records
 * @param direct whether the write is O_DIRECT (an extent is reserved and written now) rather than
 *     buffered (dirty data until writeback or fsync); false unless given
 */
public record Write(
    Location where, String file, long offset, long length, long value, boolean direct)
    implements Step {

  @Override
  public String op() {
    return "write";
  }
}
