package org.kmodel.kernel.mm;

import org.kmodel.api.KernelVersion;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.counter.CounterRegistry;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.knob.KnobTree;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * What the memory manager uses of the rest of the kernel, and nothing more: it never sees the
 * kernel object, so the kernel, the memory manager and the filesystem support do not form a cycle.
 *
 * @param counters vmstat, for the memory manager's counters and gauges
 * @param knobs the knob tree, for the kernel's own memory-management files
 * @param events the run's event log
 * @param clock simulated time
 * @param engine runs khugepaged as a task
 * @param processes the process table
 * @param allocator the page allocator's slot
 * @param thpPolicy the THP policy's slot
 * @param failPageAlloc fault injection consulted by every allocation
 * @param swapBytes size of the swap device (0 = none)
 * @param cost the cost model charging the memory manager's work
 * @param release the Linux release whose behaviour the memory manager models
 */
public record MmEnvironment(
    CounterRegistry counters,
    KnobTree knobs,
    EventLog events,
    SimClock clock,
    Engine engine,
    ProcessTable processes,
    PluginSlot<PageAllocator> allocator,
    PluginSlot<ThpPolicy> thpPolicy,
    FailPageAlloc failPageAlloc,
    long swapBytes,
    CostModel cost,
    KernelVersion release) {}
