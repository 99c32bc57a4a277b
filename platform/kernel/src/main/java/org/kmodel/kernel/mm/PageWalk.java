package org.kmodel.kernel.mm;

/**
 * Walking one address space's page tables from its root: the leaf entry that maps an address (a PTE
 * or a huge PMD, as {@code follow_page} finds it) and the PMD-level table for an address,
 * allocating the levels above it on the way as a fault's {@code p4d_alloc}/{@code pud_alloc}/{@code
 * pmd_alloc} do.
 */
final class PageWalk {
  private final PageTables tables;
  private final Pages pages;

  PageWalk(Machine machine, Pages pages) {
    this.tables = machine.tables;
    this.pages = pages;
  }

  /** The leaf entry mapping {@code va} (a PTE or a huge PMD), or none. */
  long leaf(Mm mm, long va) {
    PageTables t = tables;
    int table = mm.root;
    for (int level = 0; level < t.depth(); level++) {
      long e = t.get(table, t.index(level, va));
      if (!Pte.isTable(e)) {
        return e;
      }
      table = (int) Pte.payload(e);
    }
    return Pte.NONE;
  }

  /**
   * The PMD-level table for {@code va}, allocating upper levels when {@code alloc}; -1 when an
   * upper level is missing (and not allocated) or no frame could be had.
   */
  int pmdTable(Mm mm, long va, boolean alloc) {
    PageTables t = tables;
    int table = mm.root;
    for (int level = 0; level < t.pmdLevel(); level++) {
      int idx = t.index(level, va);
      long e = t.get(table, idx);
      if (e == Pte.NONE) {
        if (!alloc) {
          return -1;
        }
        int next = pages.allocTable();
        if (next < 0) {
          return -1;
        }
        t.set(table, idx, Pte.table(next));
        e = Pte.table(next);
      }
      table = (int) Pte.payload(e);
    }
    return table;
  }
}
