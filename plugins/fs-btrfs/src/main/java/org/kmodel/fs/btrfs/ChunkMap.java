package org.kmodel.fs.btrfs;

import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.fs.BlockGroupType;

/**
 * The chunk map ({@code btrfs_mapping_tree}) of a single-device filesystem: logical ranges mapped
 * to device extents. Logical addresses only grow, as Btrfs never reuses a removed chunk's range;
 * device space of a removed chunk is free again.
 */
final class ChunkMap {
  /** The first megabyte of the device holds the superblock and is never allocated. */
  static final long DEVICE_RESERVED = 1L << 20;

  /** A chunk: {@code [logical, logical + length)} lives at {@code device} on the device. */
  record Chunk(long logical, long length, long device, BlockGroupType type) {}

  private final long deviceBytes;
  private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
  private final TreeMap<Long, Long> deviceExtents = new TreeMap<>();
  private long nextLogical = DEVICE_RESERVED;

  ChunkMap(long deviceBytes) {
    this.deviceBytes = deviceBytes;
  }

  /** {@code btrfs_alloc_chunk}: a new chunk of {@code length}, or {@code null} if none fits. */
  Chunk allocate(BlockGroupType type, long length) {
    long device = deviceFit(length);
    if (device < 0) {
      return null;
    }
    Chunk chunk = new Chunk(nextLogical, length, device, type);
    nextLogical += length;
    chunks.put(chunk.logical(), chunk);
    deviceExtents.put(device, length);
    return chunk;
  }

  /** Whether a chunk of {@code length} would fit on the device. */
  boolean canAllocate(long length) {
    return deviceFit(length) >= 0;
  }

  private long deviceFit(long length) {
    long cursor = DEVICE_RESERVED;
    for (Map.Entry<Long, Long> e : deviceExtents.entrySet()) {
      if (e.getKey() - cursor >= length) {
        return cursor;
      }
      cursor = Math.max(cursor, e.getKey() + e.getValue());
    }
    return deviceBytes - cursor >= length ? cursor : -1;
  }

  /** {@code btrfs_remove_chunk}: the range is unmapped from now on. */
  void remove(long logical) {
    Chunk chunk = chunks.remove(logical);
    if (chunk != null) {
      deviceExtents.remove(chunk.device());
    }
  }

  /** Whether one chunk maps all of {@code [logical, logical + len)} ({@code btrfs_map_block}). */
  boolean maps(long logical, long len) {
    Map.Entry<Long, Chunk> e = chunks.floorEntry(logical);
    return e != null && logical + len <= e.getKey() + e.getValue().length();
  }

  void hash(StateHash h) {
    h.mix(chunks.size()).mix(nextLogical);
    for (Chunk c : chunks.values()) {
      h.mix(c.logical()).mix(c.length()).mix(c.device()).mix(c.type().ordinal());
    }
  }
}
