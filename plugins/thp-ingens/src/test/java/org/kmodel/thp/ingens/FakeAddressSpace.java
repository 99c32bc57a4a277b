package org.kmodel.thp.ingens;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.testkit.fake.FakeVma;

/** A process with one anonymous VMA whose PMD ranges a test fills in. */
final class FakeAddressSpace implements AddressSpaceView {
  static final long HUGE = 2L << 20;
  static final long BASE = 1L << 30;

  private final String pid;
  private final VmaView vma;

  /** The ranges a test populated, by start; the others are empty. */
  final Map<Long, FakeRange> ranges = new TreeMap<>();

  /** A process whose VMA spans {@code hugeRanges} PMD ranges from 1 GiB, with these flags. */
  FakeAddressSpace(String pid, int hugeRanges, long vmaFlags) {
    this(pid, FakeVma.anonymous(BASE, hugeRanges * HUGE, vmaFlags));
  }

  FakeAddressSpace(String pid, VmaView vma) {
    this.pid = pid;
    this.vma = vma;
  }

  /** The start of the {@code i}-th PMD range of the VMA. */
  static long range(int i) {
    return BASE + i * HUGE;
  }

  /** Maps {@code present} base pages in the {@code i}-th range, all accessed. */
  FakeAddressSpace populate(int i, int present) {
    FakeRange r = at(range(i));
    r.present = present;
    r.accessed = present;
    return this;
  }

  /** Maps {@code present} base pages in every range of the VMA, all accessed. */
  FakeAddressSpace populateAll(int present) {
    for (int i = 0; range(i) < vma.end(); i++) {
      populate(i, present);
    }
    return this;
  }

  /** Maps the {@code i}-th range as a huge page, accessed or idle. */
  FakeAddressSpace huge(int i, boolean accessed) {
    FakeRange r = at(range(i));
    r.huge = true;
    r.accessed = accessed ? FakeRange.PAGES : 0;
    return this;
  }

  FakeRange at(long start) {
    return ranges.computeIfAbsent(
        start,
        s -> {
          FakeRange r = new FakeRange();
          r.start = s;
          r.vma = vma;
          return r;
        });
  }

  @Override
  public String pid() {
    return pid;
  }

  @Override
  public List<? extends VmaView> vmas() {
    return List.of(vma);
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
    return 0;
  }

  @Override
  public long mmuNanos() {
    return 0;
  }

  @Override
  public long accessNanos() {
    return 0;
  }
}
