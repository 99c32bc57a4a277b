package org.kmodel.thp.hawkeye;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.FreeBlocks;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/**
 * A kernel's promotion mechanisms over {@link FakeAddressSpace}s: promotion makes a range huge (or
 * fails for want of a free huge block), demotion frees a huge page's zero-filled pages, and the
 * pre-zeroed pool takes huge blocks from a free count. Each promote and demote is logged as {@code
 * "pid@0xaddress"}.
 */
final class FakePromotionContext implements PromotionContext {
  static final int PMD_ORDER = 9;

  final List<FakeAddressSpace> spaces = new ArrayList<>();
  final List<String> promoted = new ArrayList<>();
  final List<String> demoted = new ArrayList<>();
  long freeBasePages;
  long freeHugeBlocks;
  int pool;
  int fullScans;

  FakePromotionContext add(FakeAddressSpace space) {
    spaces.add(space);
    return this;
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
    long[] blocks = new long[PMD_ORDER + 1];
    blocks[0] = freeBasePages;
    blocks[PMD_ORDER] = freeHugeBlocks;
    return new FreeBlocks(blocks);
  }

  @Override
  public RangeStats rangeStats(AddressSpaceView space, long start, boolean clearAccessed) {
    FakeRange r = ((FakeAddressSpace) space).range(start);
    FakeRange copy = new FakeRange(start, r.vma());
    copy.huge = r.huge;
    copy.present = r.present;
    copy.accessed = r.accessed;
    copy.zeroFilled = r.zeroFilled;
    if (clearAccessed) {
      r.accessed = 0;
    }
    return copy;
  }

  @Override
  public PromotionResult promote(AddressSpaceView space, long start, boolean directCompact) {
    FakeRange r = ((FakeAddressSpace) space).range(start);
    if (r.huge) {
      return PromotionResult.ALREADY_HUGE;
    }
    if (freeHugeBlocks == 0) {
      return PromotionResult.ALLOC_FAILED;
    }
    freeHugeBlocks--;
    freeBasePages += r.present;
    r.huge(FakeRange.PAGES - r.present);
    promoted.add(space.pid() + "@" + Long.toHexString(start));
    return PromotionResult.PROMOTED;
  }

  @Override
  public int demote(AddressSpaceView space, long start, boolean dropZeroFilled) {
    FakeRange r = ((FakeAddressSpace) space).range(start);
    if (!r.huge) {
      return -1;
    }
    int freed = dropZeroFilled ? r.zeroFilled : 0;
    r.table(FakeRange.PAGES - freed, 0);
    r.zeroFilled = dropZeroFilled ? 0 : r.zeroFilled;
    freeBasePages += freed;
    demoted.add(space.pid() + "@" + Long.toHexString(start));
    return freed;
  }

  @Override
  public int prezero(int blocks) {
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
    int given = Math.min(blocks, pool);
    pool -= given;
    freeHugeBlocks += given;
    return given;
  }

  @Override
  public void fullScanDone() {
    fullScans++;
  }
}
