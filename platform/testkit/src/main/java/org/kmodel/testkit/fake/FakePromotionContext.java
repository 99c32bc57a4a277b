package org.kmodel.testkit.fake;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.FreeBlocks;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/**
 * The kernel's promotion mechanisms over {@link FakeAddressSpace}s, for unit tests of a THP
 * policy's background thread and shrinker. Free memory is {@link #freeHugeBlocks} free blocks of
 * the PMD order plus {@link #freeBasePages} in order-0 blocks, as on a machine whose small blocks
 * cannot merge: a promotion takes one huge block and frees the range's base pages as order-0
 * blocks, a demotion that drops zero-filled pages frees them as order-0 blocks, and the pre-zeroed
 * pool draws from and returns to the huge blocks.
 *
 * <p>It keeps the kernel's contract: misaligned addresses and address spaces it did not {@link
 * #spawn} are an {@link IllegalArgumentException}; {@link #rangeStats} returns a snapshot and
 * clears the accessed bits when asked; {@link #promote} refuses a range no anonymous VMA wholly
 * covers (NOT_ANONYMOUS), one nothing was mapped in (NO_TABLE), a huge one (ALREADY_HUGE), one with
 * a pinned page (PINNED) and, with no free huge block, fails (ALLOC_FAILED); {@link #demote}
 * answers -1 where no huge page mapped once is. In {@link #shrinking(boolean) shrinking} mode, as
 * inside {@link org.kmodel.api.thp.PromotionPolicy#shrink}, promote answers ALLOC_FAILED and
 * prezero adds nothing. Costs are not modelled: the clock moves only when the test moves it.
 *
 * <p>Every promotion and demotion is logged in order as {@code "pid@start"}, the start in hex
 * without {@code 0x} ({@link #promoted()}, {@link #demoted()}), and as {@code "pid@i"}, {@code i}
 * the range's index from {@link FakeAddressSpace#rangeStart(int) rangeStart(0)} ({@link
 * #promotedRanges()}, {@link #demotedRanges()}).
 */
public final class FakePromotionContext implements PromotionContext {
  private final int pmdOrder;
  private final int maxOrder;
  private final long hugePageSize;
  private final List<FakeAddressSpace> spaces = new ArrayList<>();
  private final List<String> promoted = new ArrayList<>();
  private final List<String> promotedRanges = new ArrayList<>();
  private final List<String> demoted = new ArrayList<>();
  private final List<String> demotedRanges = new ArrayList<>();
  private long freeHugeBlocks;
  private long freeBasePages;
  private int pool;
  private int fullScans;
  private long nowNanos;
  private boolean shrinking;

  /** An x86-64 machine ({@link Geometries#x86_64()}): 2 MiB ranges of 512 pages; nothing free. */
  public FakePromotionContext() {
    this(Geometries.x86_64());
  }

  /**
   * A machine of this geometry: ranges of its PMD order (its first THP order), free blocks up to
   * its largest page order; nothing free.
   *
   * @throws IllegalArgumentException when the geometry offers no THP order
   */
  public FakePromotionContext(MachineGeometry geometry) {
    if (geometry.thpOrders().isEmpty()) {
      throw new IllegalArgumentException("the geometry has no PMD order for THP: " + geometry);
    }
    this.pmdOrder = geometry.thpOrders().get(0);
    this.maxOrder = Math.max(geometry.maxPageOrder(), pmdOrder);
    this.hugePageSize = geometry.pageSize() << pmdOrder;
  }

  /**
   * Adds a process with no VMA yet, after those spawned before (the order of {@link
   * #addressSpaces}).
   */
  public FakeAddressSpace spawn(String pid) {
    FakeAddressSpace space = new FakeAddressSpace(pid, hugePageSize, 1 << pmdOrder);
    spaces.add(space);
    return space;
  }

  /** Removes an exited process: calls naming it are then an {@link IllegalArgumentException}. */
  public void exit(FakeAddressSpace space) {
    spaces.remove(space);
  }

  /** The PMD order: base pages per range are {@code 1 << pmdOrder()}. */
  public int pmdOrder() {
    return pmdOrder;
  }

  /** Sets the free blocks of the PMD order. */
  public FakePromotionContext freeHugeBlocks(long blocks) {
    this.freeHugeBlocks = requireNonNegative(blocks);
    return this;
  }

  /** Free blocks of the PMD order now. */
  public long freeHugeBlocks() {
    return freeHugeBlocks;
  }

  /** Sets the free order-0 blocks. */
  public FakePromotionContext freeBasePages(long pages) {
    this.freeBasePages = requireNonNegative(pages);
    return this;
  }

  /** Free order-0 blocks now. */
  public long freeBasePages() {
    return freeBasePages;
  }

  /** Sets the simulated time {@link #nowNanos()} reports. */
  public FakePromotionContext nowNanos(long nanos) {
    this.nowNanos = nanos;
    return this;
  }

  /**
   * Enters or leaves the mode the kernel's context is in during {@link
   * org.kmodel.api.thp.PromotionPolicy#shrink}: promote answers ALLOC_FAILED, prezero adds nothing.
   */
  public FakePromotionContext shrinking(boolean on) {
    this.shrinking = on;
    return this;
  }

  /**
   * Takes up to {@code blocks} blocks out of the pre-zeroed pool as huge-page faults do; they
   * become mapped memory, not free. Returns how many.
   */
  public int usePrezeroed(int blocks) {
    int used = Math.max(0, Math.min(blocks, pool));
    pool -= used;
    return used;
  }

  /** How many times {@link #fullScanDone()} was called. */
  public int fullScans() {
    return fullScans;
  }

  /**
   * Successful promotions in order as {@code "pid@start"}, start in hex: the live log, which a test
   * may clear.
   */
  public List<String> promoted() {
    return promoted;
  }

  /** Successful promotions in order as {@code "pid@i"}: the live log, which a test may clear. */
  public List<String> promotedRanges() {
    return promotedRanges;
  }

  /** Successful promotions of one process. */
  public long promotedOf(String pid) {
    return promoted.stream().filter(p -> p.startsWith(pid + "@")).count();
  }

  /**
   * Demotions in order as {@code "pid@start"}, start in hex: the live log, which a test may clear.
   */
  public List<String> demoted() {
    return demoted;
  }

  /** Demotions in order as {@code "pid@i"}: the live log, which a test may clear. */
  public List<String> demotedRanges() {
    return demotedRanges;
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  @Override
  public long hugePageSize() {
    return hugePageSize;
  }

  @Override
  public List<AddressSpaceView> addressSpaces() {
    return List.copyOf(spaces);
  }

  @Override
  public FreeBlocks freeBlocks() {
    long[] blocks = new long[maxOrder + 1];
    blocks[0] = freeBasePages;
    blocks[pmdOrder] += freeHugeBlocks;
    return new FreeBlocks(blocks);
  }

  @Override
  public RangeStats rangeStats(AddressSpaceView space, long start, boolean clearAccessed) {
    FakeAddressSpace s = spaceOf(space);
    requireAligned(start);
    FakeRange r = s.stats(start);
    FakeRange copy = r.copy();
    if (clearAccessed) {
      r.accessed = 0;
    }
    return copy;
  }

  @Override
  public PromotionResult promote(AddressSpaceView space, long start, boolean directCompact) {
    FakeAddressSpace s = spaceOf(space);
    requireAligned(start);
    if (shrinking) {
      return PromotionResult.ALLOC_FAILED;
    }
    FakeRange r = s.stats(start);
    VmaView vma = r.vma();
    if (vma == null || !vma.anonymous() || start + hugePageSize > vma.end()) {
      return PromotionResult.NOT_ANONYMOUS;
    }
    if (r.huge) {
      return PromotionResult.ALREADY_HUGE;
    }
    if (!r.hasTable()) {
      return PromotionResult.NO_TABLE;
    }
    if (r.pinned > 0) {
      return PromotionResult.PINNED;
    }
    if (freeHugeBlocks == 0) {
      return PromotionResult.ALLOC_FAILED;
    }
    freeHugeBlocks--;
    freeBasePages += r.present;
    // Holes and zero-page entries are zero-filled by the collapse; swapped pages come back with
    // data.
    int zeroFilled = Math.min(r.pages, r.zeroFilled + r.none() + r.zeroPage);
    r.huge(true, zeroFilled);
    r.shared = 0;
    r.readOnly = 0;
    log(promoted, promotedRanges, s, start);
    return PromotionResult.PROMOTED;
  }

  @Override
  public int demote(AddressSpaceView space, long start, boolean dropZeroFilled) {
    FakeAddressSpace s = spaceOf(space);
    requireAligned(start);
    FakeRange r = s.stats(start);
    if (!r.huge || r.shared > 0) {
      return -1;
    }
    boolean young = r.accessed > 0;
    int freed = dropZeroFilled ? r.zeroFilled : 0;
    // The split PTEs inherit the PMD's accessed bit; dropped pages map the shared zero page.
    r.huge = false;
    r.present = r.pages - freed;
    r.zeroPage = freed;
    r.swapped = 0;
    r.accessed = young ? r.present : 0;
    r.zeroFilled -= freed;
    r.readOnly = Math.min(r.readOnly, r.present);
    freeBasePages += freed;
    log(demoted, demotedRanges, s, start);
    return freed;
  }

  @Override
  public int prezero(int blocks) {
    if (shrinking || blocks <= 0) {
      return 0;
    }
    int taken = (int) Math.min(blocks, freeHugeBlocks);
    freeHugeBlocks -= taken;
    pool += taken;
    return taken;
  }

  @Override
  public int prezeroed() {
    return pool;
  }

  @Override
  public int releasePrezeroed(int blocks) {
    if (blocks <= 0) {
      return 0;
    }
    int given = Math.min(blocks, pool);
    pool -= given;
    freeHugeBlocks += given;
    return given;
  }

  @Override
  public void fullScanDone() {
    fullScans++;
  }

  private void log(List<String> byStart, List<String> byIndex, FakeAddressSpace s, long start) {
    byStart.add(s.pid() + "@" + Long.toHexString(start));
    byIndex.add(s.pid() + "@" + (start - s.rangeStart(0)) / hugePageSize);
  }

  private FakeAddressSpace spaceOf(AddressSpaceView space) {
    if (!(space instanceof FakeAddressSpace s) || !spaces.contains(s)) {
      throw new IllegalArgumentException("not a live address space of this context: " + space);
    }
    return s;
  }

  private void requireAligned(long start) {
    if (Math.floorMod(start, hugePageSize) != 0) {
      throw new IllegalArgumentException(
          "0x" + Long.toHexString(start) + " is not aligned to the huge page size " + hugePageSize);
    }
  }

  private static long requireNonNegative(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a free count cannot be negative: " + n);
    }
    return n;
  }
}
