package org.kmodel.api.fs;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which block groups a balance relocates, as {@code btrfs balance start} filters them. Immutable;
 * made with {@link #builder()}.
 */
@ProviderType
public final class BalanceFilter {
  /** Every block group. */
  public static final BalanceFilter ALL = builder().build();

  private final BlockGroupType type;
  private final int usagePercent;
  private final int limit;

  private BalanceFilter(Builder b) {
    this.type = b.type;
    this.usagePercent = b.usagePercent;
    this.limit = b.limit;
  }

  /** A builder selecting every group. */
  public static Builder builder() {
    return new Builder();
  }

  /** Only groups of this type, or {@code null} for all. */
  public BlockGroupType type() {
    return type;
  }

  /** Only groups with used below this percentage of their length, or -1. */
  public int usagePercent() {
    return usagePercent;
  }

  /** At most this many groups, or -1. */
  public int limit() {
    return limit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BalanceFilter f
        && f.type == type
        && f.usagePercent == usagePercent
        && f.limit == limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, usagePercent, limit);
  }

  @Override
  public String toString() {
    return "BalanceFilter[type=" + type + ", usage=" + usagePercent + ", limit=" + limit + "]";
  }

  /** Collects a filter's values. Not thread-safe. */
  @ProviderType
  public static final class Builder {
    private BlockGroupType type;
    private int usagePercent = -1;
    private int limit = -1;

    private Builder() {}

    public Builder type(BlockGroupType type) {
      this.type = type;
      return this;
    }

    public Builder usagePercent(int percent) {
      this.usagePercent = percent;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public BalanceFilter build() {
      return new BalanceFilter(this);
    }
  }
}
