package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * The reverse map walk ({@code rmap_walk_anon}): every PTE that maps a base page, found through the
 * page's anon_vma and index. Used to unmap a page for swap-out and to move its mappings when
 * compaction migrates it.
 */
final class Rmap {
  /** One PTE mapping a page: its mm, its PTE table and the index in it. */
  record Mapping(Mm mm, int table, int index) {}

  private final MemoryManager m;

  Rmap(MemoryManager m) {
    this.m = m;
  }

  List<Mapping> mappings(long pfn) {
    PhysicalMemory mem = m.memory;
    List<Mapping> out = new ArrayList<>();
    AnonVma av = m.anonVmas.get(mem.anonVma(pfn));
    if (av == null) {
      return out;
    }
    PageTables t = m.tables;
    for (Vma vma : av.vmas()) {
      long va = AnonVma.addressIn(vma, mem.index(pfn), m.pageShift);
      if (va < 0) {
        continue;
      }
      int pmdT = m.faults.pmdTable(vma.mm(), va, false);
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
    PhysicalMemory mem = m.memory;
    List<Mapping> refs = mappings(from);
    if (refs.size() != mem.mapcount(from)) {
      return false;
    }
    short kind = (short) (mem.flags(from) & (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    mem.markInUse(to, 0, kind);
    mem.copyContent(from, to);
    m.cost.copy(to, 1);
    mem.setRmap(to, mem.anonVma(from), mem.index(from));
    PageTables t = m.tables;
    for (Mapping r : refs) {
      m.faults.cont().unfold(r.table(), r.index());
      long pte = t.get(r.table(), r.index());
      t.set(r.table(), r.index(), Pte.withPayload(pte, to));
      mem.incMapcount(to);
      mem.decMapcount(from);
    }
    mem.markFree(from, 0);
    return true;
  }
}
