package org.kmodel.api.fs;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of one block group, made by the filesystem and handed to the kernel and to relocation
 * strategies. Immutable; made with {@link #builder()}.
 */
@ProviderType
public final class BlockGroupInfo {
  private final long start;
  private final long length;
  private final BlockGroupType type;
  private final long used;
  private final long reserved;
  private final int readOnly;
  private final int reservations;
  private final int nocowWriters;

  private BlockGroupInfo(Builder b) {
    if (b.length <= 0 || b.start < 0) {
      throw new IllegalArgumentException("a block group needs a start and a positive length");
    }
    this.start = b.start;
    this.length = b.length;
    this.type = Objects.requireNonNull(b.type, "type");
    this.used = b.used;
    this.reserved = b.reserved;
    this.readOnly = b.readOnly;
    this.reservations = b.reservations;
    this.nocowWriters = b.nocowWriters;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Logical start address of the chunk. */
  public long start() {
    return start;
  }

  /** Chunk length in bytes. */
  public long length() {
    return length;
  }

  /** What the group stores. */
  public BlockGroupType type() {
    return type;
  }

  /** Bytes of committed extents. */
  public long used() {
    return used;
  }

  /** Bytes allocated but not yet used. */
  public long reserved() {
    return reserved;
  }

  /** The read-only counter (0 = writable). */
  public int readOnly() {
    return readOnly;
  }

  /** Extent reservations in flight (4.7). */
  public int reservations() {
    return reservations;
  }

  /** NOCOW writers in flight (4.7). */
  public int nocowWriters() {
    return nocowWriters;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockGroupInfo g
        && g.start == start
        && g.length == length
        && g.type == type
        && g.used == used
        && g.reserved == reserved
        && g.readOnly == readOnly
        && g.reservations == reservations
        && g.nocowWriters == nocowWriters;
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, length, type, used, reserved, readOnly, reservations, nocowWriters);
  }

  @Override
  public String toString() {
    return "BlockGroupInfo[start="
        + start
        + ", length="
        + length
        + ", type="
        + type
        + ", used="
        + used
        + ", reserved="
        + reserved
        + ", ro="
        + readOnly
        + ", reservations="
        + reservations
        + ", nocow_writers="
        + nocowWriters
        + "]";
  }

  /** Collects a block group's values. Not thread-safe. */
  @ProviderType
  public static final class Builder {
    private long start;
    private long length;
    private BlockGroupType type;
    private long used;
    private long reserved;
    private int readOnly;
    private int reservations;
    private int nocowWriters;

    private Builder() {}

    public Builder start(long start) {
      this.start = start;
      return this;
    }

    public Builder length(long length) {
      this.length = length;
      return this;
    }

    public Builder type(BlockGroupType type) {
      this.type = type;
      return this;
    }

    public Builder used(long used) {
      this.used = used;
      return this;
    }

    public Builder reserved(long reserved) {
      this.reserved = reserved;
      return this;
    }

    public Builder readOnly(int readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    public Builder reservations(int reservations) {
      this.reservations = reservations;
      return this;
    }

    public Builder nocowWriters(int nocowWriters) {
      this.nocowWriters = nocowWriters;
      return this;
    }

    /**
     * The snapshot.
     *
     * @throws IllegalArgumentException without a type, a start or a positive length
     */
    public BlockGroupInfo build() {
      return new BlockGroupInfo(this);
    }
  }
}
