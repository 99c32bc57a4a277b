package org.kmodel.testkit.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;

/**
 * A process's address space whose VMAs, PMD ranges and MMU counters a test sets. Made by {@link
 * FakePromotionContext#spawn}, which gives it the context's huge page size; ranges nobody set up
 * are empty.
 */
public final class FakeAddressSpace implements AddressSpaceView {
  private final String pid;
  private final long hugePageSize;
  private final int pagesPerRange;
  private final List<VmaView> vmas = new ArrayList<>();
  private final Map<Long, FakeRange> ranges = new TreeMap<>();
  private long tlbMisses;
  private long mmuNanos;
  private long accessNanos;

  FakeAddressSpace(String pid, long hugePageSize, int pagesPerRange) {
    this.pid = pid;
    this.hugePageSize = hugePageSize;
    this.pagesPerRange = pagesPerRange;
  }

  /**
   * Adds a private anonymous read-write VMA of {@code hugeRanges} PMD ranges at {@code start}.
   *
   * @param flags extra {@link org.kmodel.api.mm.VmFlags} bits, e.g. {@code VmFlags.HUGEPAGE}
   * @throws IllegalArgumentException when {@code start} is misaligned or the VMA overlaps another
   */
  public FakeAddressSpace vma(long start, int hugeRanges, long flags) {
    requireAligned(start);
    return vma(FakeVma.anonymous(start, hugeRanges * hugePageSize, flags));
  }

  /**
   * Adds any VMA, e.g. a {@link FakeVma#file} mapping or one that ends inside a PMD range.
   *
   * @throws IllegalArgumentException when it overlaps a VMA added before
   */
  public FakeAddressSpace vma(VmaView vma) {
    for (VmaView v : vmas) {
      if (vma.start() < v.end() && v.start() < vma.end()) {
        throw new IllegalArgumentException(vma + " overlaps " + v);
      }
    }
    vmas.add(vma);
    vmas.sort(Comparator.comparingLong(VmaView::start));
    return this;
  }

  /**
   * The start of the {@code i}-th PMD range counted from the first VMA's first range.
   *
   * @throws IllegalStateException when there is no VMA yet
   */
  public long rangeStart(int i) {
    if (vmas.isEmpty()) {
      throw new IllegalStateException(pid + " has no VMA");
    }
    return Math.floorDiv(vmas.get(0).start(), hugePageSize) * hugePageSize + i * hugePageSize;
  }

  /**
   * The range at {@code start}, for the test to set up; the same object each call.
   *
   * @throws IllegalArgumentException when {@code start} is misaligned or no VMA contains it
   */
  public FakeRange range(long start) {
    requireAligned(start);
    FakeRange r = ranges.get(start);
    if (r != null) {
      return r;
    }
    VmaView vma = vmaAt(start);
    if (vma == null) {
      throw new IllegalArgumentException(pid + " has no VMA at 0x" + Long.toHexString(start));
    }
    r = newRange(start, vma);
    ranges.put(start, r);
    return r;
  }

  /**
   * Maps {@code present} base pages in the {@code i}-th range ({@link #rangeStart}), all accessed.
   */
  public FakeAddressSpace populate(int i, int present) {
    range(rangeStart(i)).table(present, present);
    return this;
  }

  /** Maps {@code present} base pages, all accessed, in every range the VMAs wholly cover. */
  public FakeAddressSpace populateAll(int present) {
    for (VmaView v : vmas) {
      long first = Math.floorDiv(v.start() + hugePageSize - 1, hugePageSize) * hugePageSize;
      for (long s = first; s + hugePageSize <= v.end(); s += hugePageSize) {
        range(s).table(present, present);
      }
    }
    return this;
  }

  /** Maps the {@code i}-th range ({@link #rangeStart}) as a huge page, accessed or idle. */
  public FakeAddressSpace huge(int i, boolean accessed) {
    range(rangeStart(i)).huge(accessed, 0);
    return this;
  }

  /**
   * Adds memory access time: {@code mmuNanos} of the {@code accessNanos} went to page walks and
   * second-level TLB hits.
   *
   * @throws IllegalArgumentException when MMU time exceeds access time or either is negative
   */
  public FakeAddressSpace spend(long mmuNanos, long accessNanos) {
    if (mmuNanos < 0 || mmuNanos > accessNanos) {
      throw new IllegalArgumentException(mmuNanos + " ns of MMU time in " + accessNanos + " ns");
    }
    this.mmuNanos += mmuNanos;
    this.accessNanos += accessNanos;
    return this;
  }

  /** Adds page walks (second-level TLB misses). */
  public FakeAddressSpace walks(long tlbMisses) {
    if (tlbMisses < 0) {
      throw new IllegalArgumentException("negative walks: " + tlbMisses);
    }
    this.tlbMisses += tlbMisses;
    return this;
  }

  /** What a range scan would read at {@code start}: the range set up there or an empty one. */
  FakeRange stats(long start) {
    FakeRange r = ranges.get(start);
    return r != null ? r : newRange(start, vmaAt(start));
  }

  private FakeRange newRange(long start, VmaView vma) {
    FakeRange r = new FakeRange(start, pagesPerRange, vma);
    r.inVma = vma != null && start >= vma.start() && start + hugePageSize <= vma.end();
    return r;
  }

  private VmaView vmaAt(long address) {
    for (VmaView v : vmas) {
      if (address >= v.start() && address < v.end()) {
        return v;
      }
    }
    return null;
  }

  private void requireAligned(long start) {
    if (Math.floorMod(start, hugePageSize) != 0) {
      throw new IllegalArgumentException(
          "0x" + Long.toHexString(start) + " is not aligned to the huge page size " + hugePageSize);
    }
  }

  @Override
  public String pid() {
    return pid;
  }

  @Override
  public List<? extends VmaView> vmas() {
    return List.copyOf(vmas);
  }

  @Override
  public long anonPages() {
    return ranges.values().stream().mapToLong(FakeRange::present).sum();
  }

  @Override
  public long hugePages() {
    return ranges.values().stream().filter(FakeRange::huge).count();
  }

  @Override
  public long tlbMisses() {
    return tlbMisses;
  }

  @Override
  public long mmuNanos() {
    return mmuNanos;
  }

  @Override
  public long accessNanos() {
    return accessNanos;
  }

  @Override
  public String toString() {
    return "fake address space of " + pid;
  }
}
