package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * Free huge pages zeroed ahead of need, as HawkEye's background thread keeps them: blocks of the
 * PMD order taken from the allocator and cleared as background work; a huge fault takes one and
 * skips its clearing. The blocks are held out of the allocator (in use, of no kind) but count as
 * free memory, and go back to it first when memory runs short, or when a fault finds that another
 * policy than the one that filled the pool is in the slot. Empty unless a THP policy fills it.
 */
final class PrezeroPool {
  private final PhysicalMemory memory;

  /** {@link #take}: the pool is empty, or another policy's; allocate as usual. */
  static final long EMPTY = -1;

  /** {@link #take}: fault injection failed this allocation; fall back as from a failure. */
  static final long INJECTED = -2;

  private final PluginSlot<PageAllocator> allocator;
  private final FailPageAlloc failPageAlloc;
  private final CostModel cost;
  private final int pmdOrder;
  private long[] heads = new long[16];
  private int size;

  /** The policy that filled the pool: pre-zeroing is its background work, not its successor's. */
  private Object owner;

  PrezeroPool(
      Machine machine,
      PluginSlot<PageAllocator> allocator,
      FailPageAlloc failPageAlloc,
      CostModel cost) {
    this.memory = machine.memory;
    this.allocator = allocator;
    this.failPageAlloc = failPageAlloc;
    this.cost = cost;
    this.pmdOrder = machine.pmdOrder;
  }

  /** Zeroes up to {@code blocks} free blocks into the pool for {@code policy}; returns how many. */
  int fill(int blocks, Object policy) {
    if (policy != owner) {
      release(size);
      owner = policy;
    }
    PageAllocator a = allocator.get();
    int added = 0;
    while (added < blocks && a != null) {
      long head = a.allocate(pmdOrder, Gfp.MOVABLE | Gfp.TRANSHUGE);
      if (head < 0) {
        break;
      }
      memory.markInUse(head, pmdOrder, (short) 0);
      cost.clear(head, 1 << pmdOrder);
      if (size == heads.length) {
        heads = java.util.Arrays.copyOf(heads, size * 2);
      }
      heads[size++] = head;
      added++;
    }
    return added;
  }

  int size() {
    return size;
  }

  /** Base pages the pool holds. */
  long pages() {
    return (long) size << pmdOrder;
  }

  /**
   * A zeroed block, now a folio of the PMD order in use as {@code kind}; it needs no clearing.
   * {@link #EMPTY} when the pool is empty — a pool another policy filled goes back to the allocator
   * instead — and {@link #INJECTED} when {@code fail_page_alloc} fails the allocation, as it would
   * fail one from the allocator.
   */
  long take(short kind, Object policy) {
    if (size == 0) {
      return EMPTY;
    }
    if (policy != owner) {
      release(size);
      return EMPTY;
    }
    if (failPageAlloc.shouldFail(pmdOrder, Gfp.MOVABLE | Gfp.TRANSHUGE)) {
      return INJECTED;
    }
    long head = heads[--size];
    memory.markFree(head, pmdOrder);
    memory.markInUse(head, pmdOrder, kind);
    memory.makeCompound(head, pmdOrder);
    return head;
  }

  /** Gives up to {@code blocks} back to the allocator; returns how many. */
  int release(int blocks) {
    PageAllocator a = allocator.get();
    int n = 0;
    while (n < blocks && size > 0 && a != null) {
      long head = heads[--size];
      memory.markFree(head, pmdOrder);
      a.free(head, pmdOrder);
      n++;
    }
    return n;
  }
}
