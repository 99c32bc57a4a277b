package org.kmodel.api.thp;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The khugepaged parameters a policy gives the kernel's scanner for its next pass, named after the
 * files under {@code /sys/kernel/mm/transparent_hugepage/khugepaged/}. Immutable; made with {@link
 * #builder()}, so that parameters added later do not break the policies that make tunings.
 */
@ProviderType
public final class KhugepagedTuning {
  private final long pagesToScan;
  private final long scanSleepMillis;
  private final long allocSleepMillis;
  private final int maxPtesNone;
  private final int maxPtesSwap;
  private final int maxPtesShared;
  private final boolean defrag;

  private KhugepagedTuning(Builder b) {
    if (b.pagesToScan < 0 || b.scanSleepMillis < 0 || b.allocSleepMillis < 0) {
      throw new IllegalArgumentException("khugepaged budgets and sleeps cannot be negative");
    }
    if (b.maxPtesNone < 0 || b.maxPtesSwap < 0 || b.maxPtesShared < 0) {
      throw new IllegalArgumentException("max_ptes limits cannot be negative");
    }
    this.pagesToScan = b.pagesToScan;
    this.scanSleepMillis = b.scanSleepMillis;
    this.allocSleepMillis = b.allocSleepMillis;
    this.maxPtesNone = b.maxPtesNone;
    this.maxPtesSwap = b.maxPtesSwap;
    this.maxPtesShared = b.maxPtesShared;
    this.defrag = b.defrag;
  }

  /** A builder starting from a scanner that scans nothing: every value 0, defrag off. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    return new Builder()
        .pagesToScan(pagesToScan)
        .scanSleepMillis(scanSleepMillis)
        .allocSleepMillis(allocSleepMillis)
        .maxPtesNone(maxPtesNone)
        .maxPtesSwap(maxPtesSwap)
        .maxPtesShared(maxPtesShared)
        .defrag(defrag);
  }

  /** Base pages scanned per pass (a PMD-sized range counts its PTEs, a skipped VMA 1). */
  public long pagesToScan() {
    return pagesToScan;
  }

  /** Simulated sleep after each pass, in milliseconds. */
  public long scanSleepMillis() {
    return scanSleepMillis;
  }

  /** Simulated sleep after a failed huge allocation, in milliseconds. */
  public long allocSleepMillis() {
    return allocSleepMillis;
  }

  /** Empty or zero-page PTEs a collapsing range may have. */
  public int maxPtesNone() {
    return maxPtesNone;
  }

  /** Swapped-out PTEs a collapsing range may have. */
  public int maxPtesSwap() {
    return maxPtesSwap;
  }

  /** PTEs of pages mapped more than once a collapsing range may have. */
  public int maxPtesShared() {
    return maxPtesShared;
  }

  /** Whether collapse allocations may compact directly. */
  public boolean defrag() {
    return defrag;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KhugepagedTuning t
        && t.pagesToScan == pagesToScan
        && t.scanSleepMillis == scanSleepMillis
        && t.allocSleepMillis == allocSleepMillis
        && t.maxPtesNone == maxPtesNone
        && t.maxPtesSwap == maxPtesSwap
        && t.maxPtesShared == maxPtesShared
        && t.defrag == defrag;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        pagesToScan,
        scanSleepMillis,
        allocSleepMillis,
        maxPtesNone,
        maxPtesSwap,
        maxPtesShared,
        defrag);
  }

  @Override
  public String toString() {
    return "KhugepagedTuning[pages_to_scan="
        + pagesToScan
        + ", scan_sleep_millisecs="
        + scanSleepMillis
        + ", alloc_sleep_millisecs="
        + allocSleepMillis
        + ", max_ptes_none="
        + maxPtesNone
        + ", max_ptes_swap="
        + maxPtesSwap
        + ", max_ptes_shared="
        + maxPtesShared
        + ", defrag="
        + defrag
        + "]";
  }

  /** Collects a tuning's values; {@link #build()} checks them. Not thread-safe. */
  @ProviderType
  public static final class Builder {
    private long pagesToScan;
    private long scanSleepMillis;
    private long allocSleepMillis;
    private int maxPtesNone;
    private int maxPtesSwap;
    private int maxPtesShared;
    private boolean defrag;

    private Builder() {}

    public Builder pagesToScan(long pages) {
      this.pagesToScan = pages;
      return this;
    }

    public Builder scanSleepMillis(long millis) {
      this.scanSleepMillis = millis;
      return this;
    }

    public Builder allocSleepMillis(long millis) {
      this.allocSleepMillis = millis;
      return this;
    }

    public Builder maxPtesNone(int ptes) {
      this.maxPtesNone = ptes;
      return this;
    }

    public Builder maxPtesSwap(int ptes) {
      this.maxPtesSwap = ptes;
      return this;
    }

    public Builder maxPtesShared(int ptes) {
      this.maxPtesShared = ptes;
      return this;
    }

    public Builder defrag(boolean defrag) {
      this.defrag = defrag;
      return this;
    }

    /**
     * The tuning.
     *
     * @throws IllegalArgumentException for a negative value
     */
    public KhugepagedTuning build() {
      return new KhugepagedTuning(this);
    }
  }
}
