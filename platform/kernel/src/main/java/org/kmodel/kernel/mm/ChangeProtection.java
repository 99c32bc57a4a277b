package org.kmodel.kernel.mm;

/**
 * mprotect's {@code change_protection} for the one change the model makes: taking write permission
 * away. Every present entry of the range — huge PMDs whole — loses its write bit, and contiguous
 * spans are refolded over the PTEs that changed.
 */
final class ChangeProtection {
  private final PageTables tables;
  private final int pageShift;
  private final PageWalk walk;
  private final ContPte cont;

  ChangeProtection(Machine machine, PageWalk walk, ContPte cont) {
    this.tables = machine.tables;
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
          int pteT = (int) Pte.payload(pmd);
          int last = t.depth() - 1;
          for (long va = addr; va < next; va += 1L << pageShift) {
            int i = t.index(last, va);
            long pte = t.get(pteT, i);
            if (Pte.present(pte)) {
              t.set(pteT, i, Pte.wrprotect(pte));
            }
          }
          cont.refoldRange(pteT, t.index(last, addr), t.index(last, next - 1) + 1);
        }
      }
      addr = next;
    }
  }
}
