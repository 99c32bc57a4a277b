package org.kmodel.kernel.mm;

/**
 * mprotect's {@code change_protection} for the two changes the model makes: taking write permission
 * away, where every present entry of the range — huge PMDs whole — loses its write bit; and, from
 * Linux 6.0 ("mm/mprotect: try avoiding write faults for exclusive anonymous pages when changing
 * protection", {@code can_change_pte_writable}), giving it back, where the PTE of an exclusive
 * anonymous page becomes writable at once, as the write fault would have made it. Contiguous spans
 * are refolded over the PTEs that changed.
 *
 * <p>6.0 requires the PTE to be dirty; the model keeps no dirty bit and treats every exclusive page
 * as dirty (it was written, copied or swapped in). Huge PMDs stay read-only: the commit covers PTEs
 * only.
 */
final class ChangeProtection {
  private final PageTables tables;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final PageWalk walk;
  private final ContPte cont;

  ChangeProtection(Machine machine, PageWalk walk, ContPte cont) {
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.pageShift = machine.pageShift;
    this.walk = walk;
    this.cont = cont;
  }

  /** Clears the write bit of every mapping in [start, end). */
  void wrprotectRange(Mm mm, long start, long end) {
    PageTables t = tables;
    long span = 1L << t.shift(t.pmdLevel());
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(pmdT, pmdI);
        if (Pte.isHuge(pmd)) {
          t.set(pmdT, pmdI, Pte.wrprotect(pmd));
        } else if (Pte.isTable(pmd)) {
          updatePtes((int) Pte.payload(pmd), addr, next, false);
        }
      }
      addr = next;
    }
  }

  /**
   * Sets the write bit of every PTE in [start, end) that maps an exclusive anonymous page; the VMA
   * must allow writing.
   */
  void writeExclusiveRange(Mm mm, long start, long end) {
    PageTables t = tables;
    long span = 1L << t.shift(t.pmdLevel());
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        long pmd = t.get(pmdT, t.index(t.pmdLevel(), addr));
        if (Pte.isTable(pmd)) {
          updatePtes((int) Pte.payload(pmd), addr, next, true);
        }
      }
      addr = next;
    }
  }

  private void updatePtes(int pteT, long addr, long next, boolean write) {
    PageTables t = tables;
    int last = t.depth() - 1;
    for (long va = addr; va < next; va += 1L << pageShift) {
      int i = t.index(last, va);
      long pte = t.get(pteT, i);
      if (!Pte.present(pte)) {
        continue;
      }
      if (!write) {
        t.set(pteT, i, Pte.wrprotect(pte));
      } else if (!Pte.isZero(pte)
          && !Pte.writable(pte)
          && memory.has(Pte.payload(pte), PhysicalMemory.ANON_EXCLUSIVE)) {
        t.set(pteT, i, Pte.mkwrite(pte));
      }
    }
    cont.refoldRange(pteT, t.index(last, addr), t.index(last, next - 1) + 1);
  }
}
