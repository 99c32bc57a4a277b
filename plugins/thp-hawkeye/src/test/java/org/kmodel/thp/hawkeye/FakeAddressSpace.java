package org.kmodel.thp.hawkeye;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.testkit.fake.FakeVma;

/** A process's address space whose VMAs, ranges and MMU counters the test sets. */
final class FakeAddressSpace implements AddressSpaceView {
  static final long HUGE = 2L << 20;

  private final String pid;
  private final List<VmaView> vmas = new ArrayList<>();
  final Map<Long, FakeRange> ranges = new TreeMap<>();
  long mmuNanos;
  long accessNanos;

  FakeAddressSpace(String pid) {
    this.pid = pid;
  }

  /** Adds an anonymous VMA of {@code hugeRanges} PMD ranges at {@code start}. */
  FakeAddressSpace vma(long start, int hugeRanges, long flags) {
    FakeVma vma = FakeVma.anonymous(start, hugeRanges * HUGE, flags);
    vmas.add(vma);
    for (int i = 0; i < hugeRanges; i++) {
      ranges.put(start + i * HUGE, new FakeRange(start + i * HUGE, vma));
    }
    return this;
  }

  /** The range at {@code start}, which a VMA added earlier covers. */
  FakeRange range(long start) {
    FakeRange r = ranges.get(start);
    if (r == null) {
      throw new IllegalArgumentException("no range at " + Long.toHexString(start));
    }
    return r;
  }

  /** Adds time spent: {@code mmu} of {@code access} nanoseconds in memory accesses. */
  FakeAddressSpace spend(long mmu, long access) {
    mmuNanos += mmu;
    accessNanos += access;
    return this;
  }

  @Override
  public String pid() {
    return pid;
  }

  @Override
  public List<? extends VmaView> vmas() {
    return vmas;
  }

  @Override
  public long anonPages() {
    return ranges.values().stream().mapToLong(r -> r.present).sum();
  }

  @Override
  public long hugePages() {
    return ranges.values().stream().filter(r -> r.huge).count();
  }

  @Override
  public long tlbMisses() {
    return 0;
  }

  @Override
  public long mmuNanos() {
    return mmuNanos;
  }

  @Override
  public long accessNanos() {
    return accessNanos;
  }
}
