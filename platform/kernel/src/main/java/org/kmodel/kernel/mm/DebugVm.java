package org.kmodel.kernel.mm;

import java.util.List;
import java.util.function.Supplier;

/**
 * The model's CONFIG_DEBUG_VM: after a step, recomputes from the page tables what the frame table,
 * the allocator, the swap device and the RSS counters must say, and reports every disagreement:
 * frames conserved; no frame both free and mapped; mapcounts equal to the mappings; every huge
 * mapping aligned, backed by one PMD-sized folio, with one deposited page table; every contiguous
 * PTE span whole and backed by one aligned run of a folio; swap slots conserved; and, once every
 * process has exited, every frame free again.
 */
public final class DebugVm {
  private final Supplier<MmPaths> paths;

  /** Checks whichever machine {@code m} has pinned when {@link #check} runs. */
  public DebugVm(MemoryManager m) {
    this.paths = m::paths;
  }

  /**
   * Every violation found now (at most a few of each kind), or an empty list; empty too before a
   * machine is pinned, when there is nothing to check.
   */
  public List<String> check() {
    MmPaths p = paths.get();
    return p == null ? List.of() : p.debugVm.check();
  }
}
