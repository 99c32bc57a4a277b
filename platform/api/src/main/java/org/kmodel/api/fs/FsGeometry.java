package org.kmodel.api.fs;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device a filesystem is made on and the size of the chunks it allocates. Immutable; made with
 * {@link #builder()}.
 */
@ProviderType
public final class FsGeometry {
  private final long deviceBytes;
  private final long dataChunkBytes;
  private final long metadataChunkBytes;
  private final int sectorBytes;

  private FsGeometry(Builder b) {
    if (b.deviceBytes <= 0
        || b.dataChunkBytes <= 0
        || b.metadataChunkBytes <= 0
        || b.sectorBytes <= 0) {
      throw new IllegalArgumentException("device, chunk and sector sizes must be positive");
    }
    this.deviceBytes = b.deviceBytes;
    this.dataChunkBytes = b.dataChunkBytes;
    this.metadataChunkBytes = b.metadataChunkBytes;
    this.sectorBytes = b.sectorBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Device size in bytes. */
  public long deviceBytes() {
    return deviceBytes;
  }

  /** Size of each DATA chunk (block group). */
  public long dataChunkBytes() {
    return dataChunkBytes;
  }

  /** Size of each METADATA chunk. */
  public long metadataChunkBytes() {
    return metadataChunkBytes;
  }

  /** The allocation unit (4096 unless the builder says otherwise). */
  public int sectorBytes() {
    return sectorBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FsGeometry g
        && g.deviceBytes == deviceBytes
        && g.dataChunkBytes == dataChunkBytes
        && g.metadataChunkBytes == metadataChunkBytes
        && g.sectorBytes == sectorBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(deviceBytes, dataChunkBytes, metadataChunkBytes, sectorBytes);
  }

  @Override
  public String toString() {
    return "FsGeometry[device="
        + deviceBytes
        + ", data_chunk="
        + dataChunkBytes
        + ", metadata_chunk="
        + metadataChunkBytes
        + ", sector="
        + sectorBytes
        + "]";
  }

  /** Collects a geometry's values. Not thread-safe. */
  @ProviderType
  public static final class Builder {
    private long deviceBytes;
    private long dataChunkBytes;
    private long metadataChunkBytes;
    private int sectorBytes = 4096;

    private Builder() {}

    public Builder deviceBytes(long bytes) {
      this.deviceBytes = bytes;
      return this;
    }

    public Builder dataChunkBytes(long bytes) {
      this.dataChunkBytes = bytes;
      return this;
    }

    public Builder metadataChunkBytes(long bytes) {
      this.metadataChunkBytes = bytes;
      return this;
    }

    public Builder sectorBytes(int bytes) {
      this.sectorBytes = bytes;
      return this;
    }

    /**
     * The geometry.
     *
     * @throws IllegalArgumentException for a size that is not positive
     */
    public FsGeometry build() {
      return new FsGeometry(this);
    }
  }
}
