package org.kmodel.kernel.mm;

import org.kmodel.api.counter.Counter;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.PromotionPolicy;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * The THP policy's background thread, named khugepaged after Linux's: each pass is one atomic step
 * in which the policy in the slot scans, promotes, demotes or pre-zeroes through the kernel's
 * {@link Promotion} ({@link PromotionPolicy#backgroundPass}), then sleeps the simulated time it
 * asked for; a policy that is not a {@link PromotionPolicy} has empty passes, each a full scan. Its
 * work is background time. Linux's own scan order and collapse rules are thp-linux's. full_scans
 * counts what the policy reports; pages_collapsed what it promoted.
 *
 * <p>A policy whose pass throws is not allowed to stop the run: the pass counts as a full scan, an
 * event names the policy and the exception, and the thread sleeps khugepaged's default 10 s.
 */
public final class Khugepaged extends Task {
  private final PluginSlot<ThpPolicy> thpPolicy;
  private final SimClock clock;
  private final CostModel cost;
  private final EventLog events;
  private final Counter pagesCollapsed;
  private final Counter fullScans;

  /** The machine's PMD size and its mechanisms: set by {@link #attach}. */
  private long pmdSize;

  private Collapse collapse;
  private Promotion promotion;

  Khugepaged(
      PluginSlot<ThpPolicy> thpPolicy,
      SimClock clock,
      CostModel cost,
      EventLog events,
      Counter pagesCollapsed,
      Counter fullScans) {
    super("khugepaged", true);
    this.thpPolicy = thpPolicy;
    this.clock = clock;
    this.cost = cost;
    this.events = events;
    this.pagesCollapsed = pagesCollapsed;
    this.fullScans = fullScans;
  }

  /**
   * Works on the machine pinned now: the thread outlives a machine rebuilt before the first
   * process, its counters too.
   */
  void attach(Machine machine, Collapse collapse, Promotion promotion) {
    this.pmdSize = machine.pmdSize;
    this.collapse = collapse;
    this.promotion = promotion;
    promotion.counters(pagesCollapsed, fullScans);
  }

  public long fullScans() {
    return fullScans.get();
  }

  @Override
  protected SimStep nextStep() {
    return new SimStep() {
      @Override
      public void run() {
        boolean was = cost.background(true);
        try {
          pass();
        } finally {
          cost.background(was);
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
    long sleep = PromotionPolicy.IDLE_SLEEP_NANOS;
    if (policy instanceof PromotionPolicy background) {
      try {
        sleep = background.backgroundPass(promotion);
      } catch (RuntimeException e) {
        fullScans.inc();
        sleep = PromotionPolicy.IDLE_SLEEP_NANOS;
        events.record(
            "warning",
            "THP policy " + policy.getClass().getName() + " failed in its background pass: " + e);
      }
    } else {
      fullScans.inc();
    }
    sleepUntil(now + Math.max(1_000_000L, sleep));
  }

  /** MADV_COLLAPSE over [start, end): returns a failure message or null. */
  String madviseCollapse(Mm mm, long start, long end) {
    ThpPolicy policy = thpPolicy.get();
    boolean defrag = policy.khugepagedTuning().defrag();
    int failed = 0;
    for (long addr = (start + pmdSize - 1) & -pmdSize; addr + pmdSize <= end; addr += pmdSize) {
      Vma vma = mm.find(addr);
      if (vma == null || vma.hasFlag(VmFlags.NOHUGEPAGE) || addr + pmdSize > vma.end()) {
        failed++;
        continue;
      }
      Collapse.Result r = collapse.collapse(mm, vma, addr, defrag, true);
      if (r != Collapse.Result.SUCCEED && r != Collapse.Result.ALREADY_HUGE) {
        failed++;
      }
    }
    return failed == 0 ? null : "MADV_COLLAPSE failed for " + failed + " huge range(s)";
  }
}
