package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.kernel.mm.swap.SwapDevice;
import org.kmodel.kernel.slot.PluginSlot;

/** {@link DebugVm}'s checks of one pinned machine. */
final class DebugVmChecks {
  private static final int MAX_REPORTS = 8;

  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pmdOrder;
  private final long pmdSize;
  private final int contOrder;
  private final ProcessTable processes;
  private final PluginSlot<PageAllocator> allocator;
  private final SwapDevice swap;
  private final SwapCache swapCache;
  private final ContPte cont;
  private final ZeroPages zeroPages;
  private final PrezeroPool prezeroed;
  private final List<String> violations = new ArrayList<>();

  DebugVmChecks(
      Machine machine,
      ProcessTable processes,
      PluginSlot<PageAllocator> allocator,
      SwapDevice swap,
      SwapCache swapCache,
      ContPte cont,
      ZeroPages zeroPages,
      PrezeroPool prezeroed) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.contOrder = machine.contOrder;
    this.processes = processes;
    this.allocator = allocator;
    this.swap = swap;
    this.swapCache = swapCache;
    this.cont = cont;
    this.zeroPages = zeroPages;
    this.prezeroed = prezeroed;
  }

  /** Every violation found now (at most a few of each kind), or an empty list. */
  List<String> check() {
    violations.clear();
    checkFrameConservation();
    checkMappings();
    long used = memory.usedFrames() - prezeroed.pages() - zeroPages.hugeZeroPages();
    if (processes.isEmpty() && used != 0) {
      report("no process is left but " + used + " frames are still in use");
    }
    return List.copyOf(violations);
  }

  private void report(String v) {
    if (violations.size() < 64) {
      violations.add(v);
    }
  }

  private void checkFrameConservation() {
    PhysicalMemory mem = memory;
    long free = 0;
    long used = 0;
    long reserved = 0;
    for (long pfn = 0; pfn < mem.frameCount(); pfn++) {
      int f = mem.flags(pfn);
      if ((f & PhysicalMemory.RESERVED) != 0) {
        reserved++;
      } else if ((f & PhysicalMemory.IN_USE) != 0) {
        used++;
      } else {
        free++;
      }
    }
    if (free != mem.freeFrames() || reserved != mem.reservedFrames()) {
      report(
          String.format(
              "frame counts drifted: table says %d free %d reserved, flags say %d free %d reserved",
              mem.freeFrames(), mem.reservedFrames(), free, reserved));
    }
    if (free + used + reserved != mem.frameCount()) {
      report("frames not conserved: free + used + reserved != total");
    }
    PageAllocator a = allocator.get();
    if (a != null) {
      long inLists = 0;
      for (int order = 0; order <= a.maxOrder(); order++) {
        inLists += a.freeBlocks(order) << order;
      }
      if (inLists != free) {
        report("the allocator's free lists hold " + inLists + " frames but " + free + " are free");
      }
    }
  }

  private void checkMappings() {
    PhysicalMemory mem = memory;
    int[] mapcount = new int[(int) mem.frameCount()];
    Map<Long, Integer> entire = new HashMap<>();
    Map<Long, Integer> swapRefs = new HashMap<>();
    Map<Long, Integer> exclusiveSwap = new HashMap<>();
    int[] reports = new int[1];
    long tablesSeen = 0;
    for (Process p : processes.all()) {
      Mm mm = p.mm();
      long[] counted = new long[3];
      long[] hugePmds = new long[1];
      tablesSeen +=
          walk(
              mm,
              mm.root,
              0,
              0,
              mapcount,
              entire,
              swapRefs,
              exclusiveSwap,
              counted,
              hugePmds,
              reports);
      tablesSeen += mm.depositedTables();
      if (counted[0] != mm.anonRss || counted[1] != mm.hugeRss || counted[2] != mm.swapEntries) {
        report(
            String.format(
                "%s: RSS counters say %d/%d/%d (pages/huge/swap), page tables say %d/%d/%d",
                p.pid(),
                mm.anonRss,
                mm.hugeRss,
                mm.swapEntries,
                counted[0],
                counted[1],
                counted[2]));
      }
      if (hugePmds[0] != mm.depositedTables()) {
        report(
            p.pid()
                + ": "
                + hugePmds[0]
                + " huge mappings but "
                + mm.depositedTables()
                + " deposited page tables");
      }
    }
    if (tablesSeen != tables.live()) {
      report(tables.live() + " page tables allocated but " + tablesSeen + " reachable");
    }
    int bad = 0;
    for (long pfn = 0; pfn < mapcount.length && bad < MAX_REPORTS; pfn++) {
      if (mapcount[(int) pfn] != mem.mapcount(pfn)) {
        report(
            "frame "
                + pfn
                + " has mapcount "
                + mem.mapcount(pfn)
                + " but "
                + mapcount[(int) pfn]
                + " PTEs map it");
        bad++;
      }
      if (mem.has(pfn, PhysicalMemory.HEAD)) {
        int want = entire.getOrDefault(pfn, 0);
        if (want != mem.entireMapcount(pfn)) {
          report(
              "huge page "
                  + pfn
                  + " has entire mapcount "
                  + mem.entireMapcount(pfn)
                  + " but "
                  + want
                  + " PMDs map it");
          bad++;
        }
      }
      if (mem.has(pfn, PhysicalMemory.ANON_EXCLUSIVE)) {
        int maps = mapcount[(int) pfn];
        if ((mem.flags(pfn) & (PhysicalMemory.HEAD | PhysicalMemory.TAIL)) != 0) {
          maps += entire.getOrDefault(mem.head(pfn), 0);
        }
        if (maps > 1) {
          report("frame " + pfn + " is exclusive (PageAnonExclusive) but " + maps + " map it");
          bad++;
        }
      }
      if (mem.pinCount(pfn) > 0
          && mem.totalMapcount(pfn) > 0
          && !mem.has(pfn, PhysicalMemory.ANON_EXCLUSIVE)) {
        report("frame " + pfn + " is pinned and mapped but not exclusive");
        bad++;
      }
      if (mem.has(pfn, PhysicalMemory.SWAPCACHE) && swapCache.slotOf(pfn) < 0) {
        report("frame " + pfn + " is marked in the swap cache but the cache has no slot for it");
        bad++;
      }
      if (mem.has(pfn, PhysicalMemory.ANON)
          && !mem.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))
          && mapcount[(int) pfn] == 0
          && mem.pinCount(pfn) == 0
          && !(mem.has(pfn, PhysicalMemory.SWAPCACHE)
              && swapRefs.containsKey(swapCache.slotOf(pfn)))) {
        report("anonymous frame " + pfn + " is in use but nothing maps it (leaked)");
        bad++;
      }
    }
    checkSwapCache(swapRefs);
    long used = swap.used();
    long named = swapRefs.size();
    for (long slot : swapCache.entries().keySet()) {
      named += swapRefs.containsKey(slot) ? 0 : 1;
    }
    if (used != named) {
      report(used + " swap slots in use but " + named + " are referenced");
    }
    for (Map.Entry<Long, Integer> e : swapRefs.entrySet()) {
      int count = swap.count(e.getKey());
      int want = e.getValue() + (swapCache.lookup(e.getKey()) >= 0 ? 1 : 0);
      if (count != want) {
        report(
            "swap slot "
                + e.getKey()
                + " has count "
                + count
                + " but "
                + e.getValue()
                + " PTEs"
                + (want > e.getValue() ? " and the swap cache" : ""));
        break;
      }
    }
    for (Map.Entry<Long, Integer> e : exclusiveSwap.entrySet()) {
      if (swapRefs.getOrDefault(e.getKey(), 0) != 1 || swapCache.lookup(e.getKey()) >= 0) {
        report("swap slot " + e.getKey() + " has an exclusive entry but is shared");
        break;
      }
    }
  }

  /**
   * Every swap-cache page is an anonymous base page in use, marked as cached, holding its slot's
   * count, mapped read-only and not exclusive (the model keeps no other page there).
   */
  private void checkSwapCache(Map<Long, Integer> swapRefs) {
    PhysicalMemory mem = memory;
    for (Map.Entry<Long, Long> e : swapCache.entries().entrySet()) {
      long slot = e.getKey();
      long pfn = e.getValue();
      String bad = null;
      if (!mem.has(pfn, PhysicalMemory.IN_USE) || !mem.has(pfn, PhysicalMemory.ANON)) {
        bad = "is not an anonymous page in use";
      } else if (!mem.has(pfn, PhysicalMemory.SWAPCACHE)) {
        bad = "is not marked as cached";
      } else if (swap.count(slot) == 0) {
        bad = "has a free slot";
      } else if (mem.has(pfn, PhysicalMemory.ANON_EXCLUSIVE)) {
        bad = "is exclusive";
      } else if (mem.mapcount(pfn) == 0 && !swapRefs.containsKey(slot)) {
        bad = "is mapped nowhere and no swap entry names its slot";
      }
      if (bad != null) {
        report("swap-cache page " + pfn + " of slot " + slot + " " + bad);
        return;
      }
    }
  }

  /** Walks one table; returns the number of tables in its subtree. */
  private long walk(
      Mm mm,
      int table,
      int level,
      long base,
      int[] mapcount,
      Map<Long, Integer> entire,
      Map<Long, Integer> swapRefs,
      Map<Long, Integer> exclusiveSwap,
      long[] counted,
      long[] hugePmds,
      int[] reports) {
    PageTables t = tables;
    PhysicalMemory mem = memory;
    long tables = 1;
    int entries = t.entries(level);
    for (int i = 0; i < entries; i++) {
      long e = t.get(table, i);
      if (e == Pte.NONE) {
        continue;
      }
      long va = base | ((long) i << t.shift(level));
      if (level == t.depth() - 1 && contOrder != 0 && (i & ((1 << contOrder) - 1)) == 0) {
        String bad = cont.checkSpan(table, i);
        if (bad != null) {
          report(String.format("%s at %#x", bad, va));
        }
      }
      if (Pte.isTable(e)) {
        tables +=
            walk(
                mm,
                (int) Pte.payload(e),
                level + 1,
                va,
                mapcount,
                entire,
                swapRefs,
                exclusiveSwap,
                counted,
                hugePmds,
                reports);
      } else if (Pte.isSwap(e)) {
        swapRefs.merge(Pte.payload(e), 1, Integer::sum);
        if (Pte.swpExclusive(e)) {
          exclusiveSwap.merge(Pte.payload(e), 1, Integer::sum);
        }
        counted[2]++;
      } else if (Pte.isHuge(e)) {
        hugePmds[0]++;
        long head = Pte.payload(e);
        if ((va & (pmdSize - 1)) != 0 || (head & ((1L << pmdOrder) - 1)) != 0) {
          report(String.format("huge mapping at %#x -> frame %d is not aligned", va, head));
        }
        if (Pte.isZero(e)) {
          if (head != zeroPages.hugeZeroPfn()) {
            report(String.format("huge zero mapping at %#x points to frame %d", va, head));
          }
          continue;
        }
        counted[1]++;
        if (!mem.has(head, PhysicalMemory.HEAD)) {
          report(
              String.format("huge mapping at %#x -> frame %d which is not a huge page", va, head));
        }
        entire.merge(head, 1, Integer::sum);
        requireInUse(head, va);
      } else if (Pte.present(e)) {
        long pfn = Pte.payload(e);
        if (Pte.isZero(e)) {
          if (pfn != zeroPages.zeroPfn()) {
            report(String.format("zero-page mapping at %#x points to frame %d", va, pfn));
          }
          continue;
        }
        counted[0]++;
        mapcount[(int) pfn]++;
        requireInUse(pfn, va);
      }
    }
    return tables;
  }

  private void requireInUse(long pfn, long va) {
    if (!memory.has(pfn, PhysicalMemory.IN_USE)) {
      report(String.format("frame %d is free but mapped at %#x", pfn, va));
    }
  }
}
