package org.kmodel.thp.ingens;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.FreeBlocks;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/**
 * The kernel's promotion mechanics over {@link FakeAddressSpace}s: free memory is {@code
 * hugeBlocks} free order-9 blocks plus {@code smallFreePages} in order-0 blocks, a promotion takes
 * one huge block (or fails with ALLOC_FAILED) and frees the range's base pages as order-0 blocks,
 * as a collapse on a machine whose small blocks cannot merge would.
 */
final class FakePromotionContext implements PromotionContext {
  final List<FakeAddressSpace> spaces = new ArrayList<>();
  long hugeBlocks;
  long smallFreePages;
  int fullScans;

  /** {@code pid@range-index} of every successful promotion, in order. */
  final List<String> promoted = new ArrayList<>();

  FakePromotionContext(long hugeBlocks, long smallFreePages) {
    this.hugeBlocks = hugeBlocks;
    this.smallFreePages = smallFreePages;
  }

  FakeAddressSpace add(FakeAddressSpace space) {
    spaces.add(space);
    return space;
  }

  /** Successful promotions of one process. */
  long promotedOf(String pid) {
    return promoted.stream().filter(p -> p.startsWith(pid + "@")).count();
  }

  @Override
  public long nowNanos() {
    return 0;
  }

  @Override
  public long hugePageSize() {
    return FakeAddressSpace.HUGE;
  }

  @Override
  public List<AddressSpaceView> addressSpaces() {
    return List.copyOf(spaces);
  }

  @Override
  public FreeBlocks freeBlocks() {
    long[] blocks = new long[11];
    blocks[0] = smallFreePages;
    blocks[9] = hugeBlocks;
    return new FreeBlocks(blocks);
  }

  @Override
  public RangeStats rangeStats(AddressSpaceView space, long start, boolean clearAccessed) {
    if (start % FakeAddressSpace.HUGE != 0) {
      throw new IllegalArgumentException("misaligned " + start);
    }
    FakeRange r = ((FakeAddressSpace) space).at(start);
    FakeRange copy = copy(r);
    if (clearAccessed) {
      r.accessed = 0;
    }
    return copy;
  }

  private static FakeRange copy(FakeRange r) {
    FakeRange c = new FakeRange();
    c.start = r.start;
    c.vma = r.vma;
    c.inVma = r.inVma;
    c.huge = r.huge;
    c.present = r.present;
    c.swapped = r.swapped;
    c.accessed = r.accessed;
    c.pinned = r.pinned;
    return c;
  }

  @Override
  public PromotionResult promote(AddressSpaceView space, long start, boolean directCompact) {
    FakeRange r = ((FakeAddressSpace) space).at(start);
    if (r.huge) {
      return PromotionResult.ALREADY_HUGE;
    }
    if (r.pinned > 0) {
      return PromotionResult.PINNED;
    }
    if (hugeBlocks == 0) {
      return PromotionResult.ALLOC_FAILED;
    }
    hugeBlocks--;
    smallFreePages += r.present;
    r.huge = true;
    r.present = 0;
    r.swapped = 0;
    promoted.add(space.pid() + "@" + (start - FakeAddressSpace.BASE) / FakeAddressSpace.HUGE);
    return PromotionResult.PROMOTED;
  }

  @Override
  public int demote(AddressSpaceView space, long start, boolean dropZeroFilled) {
    throw new UnsupportedOperationException("Ingens does not demote");
  }

  @Override
  public int prezero(int blocks) {
    throw new UnsupportedOperationException("Ingens does not pre-zero");
  }

  @Override
  public int prezeroed() {
    return 0;
  }

  @Override
  public int releasePrezeroed(int blocks) {
    return 0;
  }

  @Override
  public void fullScanDone() {
    fullScans++;
  }
}
