package org.kmodel.api.fs;

/**
 * A snapshot of one block group, handed to a relocation strategy.
 *
 * @param start logical start address of the chunk
 * @param length chunk length in bytes
 * @param type what the group stores
 * @param used bytes of committed extents
 * @param reserved bytes allocated but not yet used
 * @param readOnly the read-only counter (0 = writable)
 * @param reservations extent reservations in flight (4.7)
 * @param nocowWriters NOCOW writers in flight (4.7)
 */
public record BlockGroupInfo(
    long start,
    long length,
    BlockGroupType type,
    long used,
    long reserved,
    int readOnly,
    int reservations,
    int nocowWriters) {}
