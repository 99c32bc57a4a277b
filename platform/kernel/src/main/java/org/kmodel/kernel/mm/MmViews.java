package org.kmodel.kernel.mm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /proc/<pid>/smaps} and {@code /proc/meminfo} show of anonymous memory, computed from
 * the page tables and the frame table.
 */
public final class MmViews {
  private final PageTables tables;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final boolean thpCapable;
  private final int pmdOrder;
  private final long pmdSize;
  private final PageWalk walk;
  private final ProcessTable processes;

  MmViews(Machine machine, PageWalk walk, ProcessTable processes) {
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.pageShift = machine.pageShift;
    this.thpCapable = machine.thpCapable();
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.walk = walk;
    this.processes = processes;
  }

  /**
   * smaps fields summed over the VMAs inside [start, end) of a process, in kB: Rss (normal pages
   * mapped, zero pages excluded), AnonHugePages (PMD-mapped huge pages), Swap.
   */
  public Map<String, Long> smaps(String pid, long start, long end) {
    Mm mm = processes.require(pid).mm();
    long rssPages = 0;
    long hugePmds = 0;
    long swapPages = 0;
    PageTables t = tables;
    long page = 1L << pageShift;
    long span = 1L << t.shift(t.pmdLevel());
    for (Vma v : mm.overlapping(start, end)) {
      long from = Math.max(start, v.start());
      long to = Math.min(end, v.end());
      for (long addr = from; addr < to; ) {
        long next = Math.min(to, (addr & -span) + span);
        int pmdT = walk.pmdTable(mm, addr, false);
        if (pmdT >= 0) {
          long pmd = t.get(pmdT, t.index(t.pmdLevel(), addr));
          if (Pte.isHuge(pmd)) {
            if (!Pte.isZero(pmd)) {
              hugePmds++;
              rssPages += (next - addr) / page;
            }
          } else if (Pte.isTable(pmd)) {
            int pteT = (int) Pte.payload(pmd);
            for (long va = addr; va < next; va += page) {
              long pte = t.get(pteT, t.index(t.depth() - 1, va));
              if (Pte.isSwap(pte)) {
                swapPages++;
              } else if (Pte.present(pte) && !Pte.isZero(pte)) {
                rssPages++;
              }
            }
          }
        }
        addr = next;
      }
    }
    long kbPerPage = page / 1024;
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("Rss", rssPages * kbPerPage);
    out.put("AnonHugePages", hugePmds * (pmdSize / 1024));
    out.put("Swap", swapPages * kbPerPage);
    return out;
  }

  /**
   * Whether every huge-aligned range inside [start, end) is PMD-mapped (false if there is none).
   */
  public boolean huge(String pid, long start, long end) {
    if (!thpCapable) {
      return false;
    }
    Mm mm = processes.require(pid).mm();
    long first = (start + pmdSize - 1) & -pmdSize;
    if (first + pmdSize > end) {
      return false;
    }
    for (long addr = first; addr + pmdSize <= end; addr += pmdSize) {
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT < 0 || !Pte.isHuge(tables.get(pmdT, tables.index(tables.pmdLevel(), addr)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * AnonPages and AnonHugePages in base pages, counting each page once however many processes map
   * it (as NR_ANON_MAPPED and NR_ANON_THPS do).
   */
  public long[] anonMapped() {
    PhysicalMemory mem = memory;
    long pages = 0;
    long hugeHeads = 0;
    long n = mem.frameCount();
    for (long pfn = 0; pfn < n; pfn++) {
      int f = mem.flags(pfn);
      if ((f & PhysicalMemory.ANON) == 0) {
        continue;
      }
      if ((f & PhysicalMemory.HEAD) != 0) {
        int size = 1 << mem.folioOrder(pfn);
        if (mem.entireMapcount(pfn) > 0) {
          hugeHeads++;
          pages += size;
        } else {
          for (int i = 0; i < size; i++) {
            pages += mem.mapcount(pfn + i) > 0 ? 1 : 0;
          }
        }
        pfn += size - 1;
      } else if (mem.mapcount(pfn) > 0) {
        pages++;
      }
    }
    return new long[] {pages, hugeHeads << pmdOrder};
  }
}
