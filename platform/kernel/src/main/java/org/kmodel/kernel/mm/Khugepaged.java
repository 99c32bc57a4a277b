package org.kmodel.kernel.mm;

import java.util.List;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * khugepaged as a simulated kernel thread: each pass is one atomic step that scans up to
 * pages_to_scan base pages (a PMD-sized range counts 512, a skipped VMA 1) from where the last pass
 * stopped, collapsing ranges that qualify, then sleeps scan_sleep_millisecs of simulated time —
 * alloc_sleep_millisecs after a failed huge allocation. full_scans grows each time the cursor has
 * gone past the last address space and wraps.
 *
 * <p>Address spaces are visited in the order their processes were created (new ones at the tail, as
 * Linux adds mm slots); an address space without an eligible VMA costs nothing but its VMAs.
 */
public final class Khugepaged extends Task {
  private final PluginSlot<ThpPolicy> thpPolicy;
  private final ProcessTable processes;
  private final SimClock clock;
  private final CostModel cost;
  private final Counter pagesCollapsed;
  private final Counter fullScans;
  private int mmCursor;
  private long addrCursor;

  /** The machine's PMD order and size and its collapse path: set by {@link #attach}. */
  private int pmdOrder;

  private long pmdSize;
  private Collapse collapse;

  Khugepaged(
      PluginSlot<ThpPolicy> thpPolicy,
      ProcessTable processes,
      SimClock clock,
      CostModel cost,
      Counter pagesCollapsed,
      Counter fullScans) {
    super("khugepaged", true);
    this.thpPolicy = thpPolicy;
    this.processes = processes;
    this.clock = clock;
    this.cost = cost;
    this.pagesCollapsed = pagesCollapsed;
    this.fullScans = fullScans;
  }

  /**
   * Scans the machine pinned now, through its collapse path: the thread outlives a machine rebuilt
   * before the first process, its cursors and counters too.
   */
  void attach(Machine machine, Collapse collapse) {
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.collapse = collapse;
  }

  public long fullScans() {
    return fullScans.get();
  }

  @Override
  protected SimStep nextStep() {
    return new SimStep() {
      @Override
      public void run() {
        cost.background(true);
        try {
          pass();
        } finally {
          cost.background(false);
        }
      }

      @Override
      public String describe() {
        return "khugepaged scan";
      }
    };
  }

  private void pass() {
    ThpPolicy policy = thpPolicy.get();
    long now = clock.nowNanos();
    if (policy == null) {
      fullScans.inc();
      sleepUntil(now + 10_000_000_000L);
      return;
    }
    KhugepagedTuning tuning = policy.khugepagedTuning();
    long budget = tuning.pagesToScan();
    int n = 1 << pmdOrder;
    boolean allocFailed = false;
    while (budget > 0 && !allocFailed) {
      List<Process> procs = List.copyOf(processes.all());
      if (mmCursor >= procs.size()) {
        mmCursor = 0;
        addrCursor = 0;
        fullScans.inc();
        if (procs.isEmpty()) {
          break;
        }
      }
      Mm mm = procs.get(mmCursor).mm();
      boolean finishedMm = true;
      for (Vma vma : mm.vmas()) {
        if (vma.end() <= addrCursor) {
          continue;
        }
        long hstart = Math.max((vma.start() + pmdSize - 1) & -pmdSize, addrCursor);
        long hend = vma.end() & -pmdSize;
        if (!policy.khugepagedEligible(vma) || hstart >= hend) {
          budget--;
          addrCursor = vma.end();
          if (budget <= 0) {
            finishedMm = false;
            break;
          }
          continue;
        }
        for (long addr = hstart; addr < hend; addr += pmdSize) {
          Collapse.Result r = collapse.collapse(mm, vma, addr, tuning, true);
          budget -= n;
          addrCursor = addr + pmdSize;
          if (r == Collapse.Result.SUCCEED) {
            pagesCollapsed.inc();
          } else if (r == Collapse.Result.ALLOC_FAILED) {
            allocFailed = true;
          }
          if (budget <= 0 || allocFailed) {
            break;
          }
        }
        if (budget <= 0 || allocFailed) {
          finishedMm = addrCursor >= lastEnd(mm);
          break;
        }
      }
      if (finishedMm) {
        mmCursor++;
        addrCursor = 0;
      }
    }
    long sleep = allocFailed ? tuning.allocSleepMillis() : tuning.scanSleepMillis();
    sleepUntil(now + Math.max(1, sleep) * 1_000_000L);
  }

  private static long lastEnd(Mm mm) {
    List<Vma> vmas = mm.vmas();
    return vmas.isEmpty() ? 0 : vmas.get(vmas.size() - 1).end();
  }

  /** MADV_COLLAPSE over [start, end): returns a failure message or null. */
  String madviseCollapse(Mm mm, long start, long end) {
    ThpPolicy policy = thpPolicy.get();
    KhugepagedTuning tuning = policy.khugepagedTuning();
    int failed = 0;
    for (long addr = (start + pmdSize - 1) & -pmdSize; addr + pmdSize <= end; addr += pmdSize) {
      Vma vma = mm.find(addr);
      if (vma == null
          || vma.hasFlag(org.kmodel.api.mm.VmFlags.NOHUGEPAGE)
          || addr + pmdSize > vma.end()) {
        failed++;
        continue;
      }
      Collapse.Result r = collapse.collapse(mm, vma, addr, tuning, false);
      if (r != Collapse.Result.SUCCEED && r != Collapse.Result.ALREADY_HUGE) {
        failed++;
      }
    }
    return failed == 0 ? null : "MADV_COLLAPSE failed for " + failed + " huge range(s)";
  }
}
