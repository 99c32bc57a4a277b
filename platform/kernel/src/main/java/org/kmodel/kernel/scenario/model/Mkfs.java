package org.kmodel.kernel.scenario.model;

/**
 * {@code mkfs: {device: 8G, data_chunk: 1G, metadata_chunk: 256M}}: makes the scenario's one
 * filesystem, of the type in the {@code filesystem} slot, on an empty device. Every other
 * filesystem step comes after it.
 *
 * @param where where the op is written
 * @param deviceBytes the device's size; positive, a whole number of the filesystem's 4K sectors
 * @param dataChunkBytes the size of each DATA chunk (block group); positive, a whole number of
 *     sectors, at most the device's size; {@link #DEFAULT_DATA_CHUNK_BYTES} unless given
 * @param metadataChunkBytes the size of each METADATA chunk; positive, a whole number of sectors,
 *     at most the device's size; {@link #DEFAULT_METADATA_CHUNK_BYTES} unless given
 */
public record Mkfs(Location where, long deviceBytes, long dataChunkBytes, long metadataChunkBytes)
    implements Step {

  /** The DATA chunk size when {@code data_chunk} is not given: 1G, as Btrfs allocates them. */
  public static final long DEFAULT_DATA_CHUNK_BYTES = 1L << 30;

  /** The METADATA chunk size when {@code metadata_chunk} is not given: 256M. */
  public static final long DEFAULT_METADATA_CHUNK_BYTES = 256L << 20;

  @Override
  public String op() {
    return "mkfs";
  }
}
