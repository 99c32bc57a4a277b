package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.cost.CostModel;

/**
 * The reverse map walk ({@code rmap_walk_anon}): every PTE that maps a base page, found through the
 * page's anon_vma and index. Used to unmap a page for swap-out and to move its mappings when
 * compaction migrates it.
 */
final class Rmap {
  /** One PTE mapping a page: its mm, its PTE table and the index in it. */
  record Mapping(Mm mm, int table, int index) {}

  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final AnonVmas anonVmas;
  private final PageWalk walk;
  private final ContPte cont;
  private final CostModel cost;

  Rmap(Machine machine, AnonVmas anonVmas, PageWalk walk, ContPte cont, CostModel cost) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.anonVmas = anonVmas;
    this.walk = walk;
    this.cont = cont;
    this.cost = cost;
  }

  List<Mapping> mappings(long pfn) {
    PhysicalMemory mem = memory;
    List<Mapping> out = new ArrayList<>();
    // A page of a large folio is found through its folio's anon_vma and index, as Linux's
    // folio->mapping and folio->index: a PMD-mapped folio records them on its head only.
    long head = mem.head(pfn);
    AnonVma av = anonVmas.get(mem.anonVma(head));
    if (av == null) {
      return out;
    }
    int index = mem.index(head) + (int) (pfn - head);
    PageTables t = tables;
    for (Vma vma : av.vmas()) {
      long va = AnonVma.addressIn(vma, index, pageShift);
      if (va < 0) {
        continue;
      }
      int pmdT = walk.pmdTable(vma.mm(), va, false);
      if (pmdT < 0) {
        continue;
      }
      long pmd = t.get(pmdT, t.index(t.pmdLevel(), va));
      if (!Pte.isTable(pmd)) {
        continue;
      }
      int pteT = (int) Pte.payload(pmd);
      int i = t.index(t.depth() - 1, va);
      long pte = t.get(pteT, i);
      if (Pte.present(pte) && !Pte.isZero(pte) && Pte.payload(pte) == pfn) {
        out.add(new Mapping(vma.mm(), pteT, i));
      }
    }
    return out;
  }

  /**
   * migrate_pages for one base page: {@code to} (free) receives the page's content, reverse-map
   * position and mappings; every PTE is repointed; {@code from} is left free in the frame table.
   */
  boolean migrate(long from, long to) {
    PhysicalMemory mem = memory;
    List<Mapping> refs = mappings(from);
    if (refs.size() != mem.mapcount(from)) {
      return false;
    }
    short kind = (short) (mem.flags(from) & (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    mem.markInUse(to, 0, kind);
    mem.copyContent(from, to);
    cost.copy(to, 1);
    mem.setRmap(to, mem.anonVma(from), mem.index(from));
    if (mem.has(from, PhysicalMemory.ANON_EXCLUSIVE)) {
      mem.set(to, PhysicalMemory.ANON_EXCLUSIVE);
    }
    PageTables t = tables;
    for (Mapping r : refs) {
      cont.unfold(r.table(), r.index());
      long pte = t.get(r.table(), r.index());
      t.set(r.table(), r.index(), Pte.withPayload(pte, to));
      mem.incMapcount(to);
      mem.decMapcount(from);
    }
    mem.markFree(from, 0);
    return true;
  }
}
