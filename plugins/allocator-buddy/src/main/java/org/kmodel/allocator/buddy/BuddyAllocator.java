package org.kmodel.allocator.buddy;

import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * Linux's binary buddy allocator over a single zone, orders 0 up to the machine geometry's {@code
 * maxPageOrder()} (10 on x86-64; 13 on arm64 with 64K pages, whose PMD pages are order 13), with
 * direct and background compaction.
 *
 * <p>The free lists are bitmaps, one per order (see {@link FreeArea}): about two bits of metadata
 * per frame in all, nothing allocated on {@link #allocate} or {@link #free}, and a free list that
 * can always be rebuilt exactly from the kernel's frame table, which is what a live swap needs.
 * What Linux layers on top — per-cpu page lists, migrate types, watermarks, several zones — is left
 * out: a single simulated CPU has nothing to batch, and the kernel, not the allocator, decides when
 * memory is low.
 */
@Component(
    service = PageAllocator.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=allocator-buddy", "service.ranking:Integer=100"})
public final class BuddyAllocator implements PageAllocator {
  private Zone zone;
  private Compaction compaction;
  private Counter compactStall;
  private Counter compactSuccess;
  private Counter compactFail;

  @Override
  public void attach(PluginContext context) {
    Counters counters = context.counters();
    Counter pgmigrateSuccess = counters.counter("pgmigrate_success");
    Counter pgmigrateFail = counters.counter("pgmigrate_fail");
    compactStall = counters.counter("compact_stall");
    compactFail = counters.counter("compact_fail");
    compactSuccess = counters.counter("compact_success");
    zone = Zone.fromFrameTable(context.frames(), context.geometry().maxPageOrder());
    compaction = new Compaction(zone, context.frames(), pgmigrateSuccess, pgmigrateFail);
  }

  @Override
  public int maxOrder() {
    return zone.maxOrder();
  }

  @Override
  public long allocate(int order, int gfp) {
    if (order < 0 || order > zone.maxOrder()) {
      return NO_FRAME;
    }
    long pfn = zone.rmqueueSmallest(order);
    if (pfn == NO_FRAME && Gfp.has(gfp, Gfp.DIRECT_COMPACT)) {
      return allocPagesDirectCompact(order);
    }
    return pfn;
  }

  @Override
  public void free(long pfn, int order) {
    zone.freeOnePage(pfn, order);
  }

  @Override
  public long freeBlocks(int order) {
    return order < 0 || order > zone.maxOrder() ? 0 : zone.nrFree(order);
  }

  /** kcompactd: compacts only when no block of {@code order} is free already. */
  @Override
  public boolean compact(int order) {
    if (order < 0 || order > zone.maxOrder()) {
      return false;
    }
    if (zone.hasFreeBlock(order)) {
      return true;
    }
    boolean made = compaction.compactZone(order);
    (made ? compactSuccess : compactFail).inc();
    return made;
  }

  /** {@code __alloc_pages_direct_compact}: the caller stalls, compacts, and retries once. */
  private long allocPagesDirectCompact(int order) {
    compactStall.inc();
    compaction.compactZone(order);
    long pfn = zone.rmqueueSmallest(order);
    (pfn == NO_FRAME ? compactFail : compactSuccess).inc();
    return pfn;
  }
}
