package org.kmodel.kernel.mm;

import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.RangeStats;
import org.kmodel.kernel.cost.CostModel;

/**
 * One PMD-sized range counted entry by entry, as {@code hpage_collapse_scan_pmd} walks it: the
 * {@link RangeStats} a policy's background thread reads. Reused from call to call, so that a scan
 * of every range of a large machine allocates nothing.
 */
final class RangeScan implements RangeStats {
  private final PageTables tables;
  private final PhysicalMemory memory;
  private final PageWalk walk;
  private final CostModel cost;
  private final int pmdOrder;
  private final long pmdSize;

  private long start;
  private Vma vma;
  private boolean inVma;
  private boolean huge;
  private boolean hasTable;
  private int none;
  private int zeroPage;
  private int swapped;
  private int present;
  private int shared;
  private int writable;
  private int accessed;
  private int zeroFilled;
  private int pinned;

  /** The PTE table or huge head {@link #zeroFilled()} reads, on demand: -1 when nothing to read. */
  private int pteTable;

  private long hugeHead;

  RangeScan(Machine machine, PageWalk walk, CostModel cost) {
    this.cost = cost;
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.walk = walk;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
  }

  /**
   * Counts the range at {@code haddr} of {@code mm}; with {@code clearAccessed} the young bits
   * counted are cleared after (a huge page's on its PMD).
   */
  RangeScan scan(Mm mm, long haddr, boolean clearAccessed) {
    reset(mm, haddr);
    int pmdT = walk.pmdTable(mm, haddr, false);
    if (pmdT < 0) {
      none = pages();
      return this;
    }
    PageTables t = tables;
    int pmdI = t.index(t.pmdLevel(), haddr);
    long pmd = t.get(pmdT, pmdI);
    if (Pte.isHuge(pmd)) {
      countHuge(pmdT, pmdI, pmd, clearAccessed);
      return this;
    }
    if (!Pte.isTable(pmd)) {
      none = pages();
      return this;
    }
    hasTable = true;
    int pteT = (int) Pte.payload(pmd);
    pteTable = pteT;
    for (int i = 0; i < pages(); i++) {
      long pte = t.get(pteT, i);
      if (pte == Pte.NONE) {
        none++;
      } else if (Pte.isZero(pte)) {
        zeroPage++;
      } else if (Pte.isSwap(pte)) {
        swapped++;
      } else {
        countPage(Pte.payload(pte), pte);
        if (clearAccessed && (pte & Pte.YOUNG) != 0) {
          t.set(pteT, i, pte & ~Pte.YOUNG);
        }
      }
    }
    return this;
  }

  private void reset(Mm mm, long haddr) {
    if ((haddr & (pmdSize - 1)) != 0) {
      throw new IllegalArgumentException(
          "0x" + Long.toHexString(haddr) + " is not aligned to the huge page size " + pmdSize);
    }
    start = haddr;
    vma = mm.find(haddr);
    inVma = vma != null && haddr >= vma.start() && haddr + pmdSize <= vma.end();
    huge = false;
    hasTable = false;
    none = 0;
    zeroPage = 0;
    swapped = 0;
    present = 0;
    shared = 0;
    writable = 0;
    accessed = 0;
    zeroFilled = -1;
    pinned = 0;
    pteTable = -1;
    hugeHead = -1;
  }

  private void countHuge(int pmdT, int pmdI, long pmd, boolean clearAccessed) {
    if (Pte.isZero(pmd)) {
      zeroPage = pages();
      return;
    }
    huge = true;
    long head = Pte.payload(pmd);
    hugeHead = head;
    boolean young = (pmd & Pte.YOUNG) != 0;
    for (int i = 0; i < pages(); i++) {
      countPage(head + i, young ? pmd : pmd & ~Pte.YOUNG);
    }
    if (clearAccessed && young) {
      tables.set(pmdT, pmdI, pmd & ~Pte.YOUNG);
    }
  }

  private void countPage(long pfn, long entry) {
    present++;
    if (memory.has(pfn, PhysicalMemory.PINNED)) {
      pinned++;
    }
    if (memory.totalMapcount(pfn) > 1) {
      shared++;
    }
    if (Pte.writable(entry)) {
      writable++;
    }
    if ((entry & Pte.YOUNG) != 0) {
      accessed++;
    }
  }

  /**
   * Reads the present pages for zeros, once per scan and only when asked: the reading is charged (a
   * zero-filled page is read through, another only to its first line), as the kernel thread that
   * looks for zero-filled pages pays for it and one that does not look pays nothing.
   */
  private int countZeroFilled() {
    int zeros = 0;
    if (memory.tracksContent()) {
      for (int i = 0; i < pages(); i++) {
        long pfn;
        if (hugeHead >= 0) {
          pfn = hugeHead + i;
        } else if (pteTable >= 0) {
          long pte = tables.get(pteTable, i);
          if (!Pte.present(pte) || Pte.isZero(pte)) {
            continue;
          }
          pfn = Pte.payload(pte);
        } else {
          break;
        }
        if (memory.content(pfn) == PhysicalMemory.ZERO_CONTENT) {
          zeros++;
        }
      }
    }
    cost.scanForZeros(zeros, present - zeros);
    return zeros;
  }

  /** The VMA of the range, as the kernel's own type. */
  Vma kernelVma() {
    return vma;
  }

  @Override
  public long start() {
    return start;
  }

  @Override
  public VmaView vma() {
    return vma;
  }

  @Override
  public boolean inVma() {
    return inVma;
  }

  @Override
  public boolean huge() {
    return huge;
  }

  @Override
  public boolean hasTable() {
    return hasTable;
  }

  @Override
  public int pages() {
    return 1 << pmdOrder;
  }

  @Override
  public int none() {
    return none;
  }

  @Override
  public int zeroPage() {
    return zeroPage;
  }

  @Override
  public int swapped() {
    return swapped;
  }

  @Override
  public int present() {
    return present;
  }

  @Override
  public int shared() {
    return shared;
  }

  @Override
  public int writable() {
    return writable;
  }

  @Override
  public int accessed() {
    return accessed;
  }

  @Override
  public int zeroFilled() {
    if (zeroFilled < 0) {
      zeroFilled = countZeroFilled();
    }
    return zeroFilled;
  }

  @Override
  public int pinned() {
    return pinned;
  }
}
