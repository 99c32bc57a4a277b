package org.kmodel.kernel.mm.boot;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.mm.Gfp;

/**
 * Linux's {@code fail_page_alloc}: page allocations that fail on purpose, so a scenario can check
 * that every caller falls back (a THP fault to 4K pages, khugepaged to a later retry) exactly as
 * {@code Documentation/fault-injection/fault-injection.rst} describes.
 *
 * <p>The decision is Linux's {@code should_fail_alloc_page} followed by {@code should_fail_ex}, in
 * the same order and with the same side effects: an allocation below {@code min-order} never fails,
 * nor one the {@code ignore-gfp-*} switches exclude; then {@code times} = 0 stops injection; while
 * {@code space} exceeds the allocation's size in pages it is used up instead; with {@code interval
 * > 1} only every interval-th call that got this far may fail; then the call fails with {@code
 * probability} percent; a failure takes one off {@code times} unless it is -1 (no limit).
 * Randomness comes from the seeded generator given to the constructor, so a run is repeatable.
 *
 * <p>The model's {@link Gfp} bits stand in for Linux's: {@link Gfp#MOVABLE} (user memory) for
 * {@code __GFP_HIGHMEM}, which Linux's user allocations carry even on 64-bit; {@link
 * Gfp#DIRECT_COMPACT} for {@code __GFP_DIRECT_RECLAIM}; {@link Gfp#TRANSHUGE} for {@code
 * __GFP_NOWARN}, which silences the notice. Defaults are Linux's: probability 0, interval 1, times
 * 1, space 0, verbose 2, min-order 1, both ignore switches Y. With those switches on, user and
 * sleeping allocations never fail, as on Linux; write N to them to reach the THP paths.
 *
 * <p>Not modelled: {@code task-filter}, the stack-trace filters, {@code fail-nth} and the notice
 * rate limit.
 */
public final class FailPageAlloc {
  /** The debugfs directory of the knobs. */
  public static final String DIR = "/sys/kernel/debug/fail_page_alloc";

  private final LongKnob probability = new LongKnob(DIR + "/probability", 0, 100, 0);
  private final LongKnob interval = new LongKnob(DIR + "/interval", 0, Long.MAX_VALUE, 1);
  private final IntKnob times = new IntKnob(DIR + "/times", 1);
  private final IntKnob space = new IntKnob(DIR + "/space", 0);
  private final LongKnob verbose = new LongKnob(DIR + "/verbose", 0, 2, 2);
  private final BoolKnob ignoreGfpWait = new BoolKnob(DIR + "/ignore-gfp-wait", true);
  private final BoolKnob ignoreGfpHighmem = new BoolKnob(DIR + "/ignore-gfp-highmem", true);
  private final LongKnob minOrder = new LongKnob(DIR + "/min-order", 0, 0xFFFF_FFFFL, 1);

  private final SplittableRandom random;
  private final Consumer<String> notices;
  private long count;
  private long injected;

  /** Fault injection drawing from {@code random}, with failure notices dropped. */
  public FailPageAlloc(SplittableRandom random) {
    this(random, notice -> {});
  }

  /**
   * Fault injection drawing from {@code random}; each injected failure with {@code verbose > 0} and
   * without {@link Gfp#TRANSHUGE} hands Linux's {@code FAULT_INJECTION: forcing a failure.} notice
   * to {@code notices} (e.g. the event log as a warning).
   */
  public FailPageAlloc(SplittableRandom random, Consumer<String> notices) {
    this.random = random;
    this.notices = notices;
  }

  /** Adds the knobs under {@link #DIR}. */
  public void register(Knobs knobs) {
    for (Knob k : knobs()) {
      knobs.register(k);
    }
  }

  /** The knobs, in the order Linux creates them. */
  public List<Knob> knobs() {
    return List.of(
        probability, interval, times, space, verbose, ignoreGfpWait, ignoreGfpHighmem, minOrder);
  }

  /** Whether an allocation of this order with no {@link Gfp} bits should fail. */
  public boolean shouldFail(int order) {
    return shouldFail(order, 0);
  }

  /**
   * Whether this allocation should fail. With probability 0 this is two field reads; the caller
   * then fails the allocation as if no block were free.
   */
  public boolean shouldFail(int order, int gfp) {
    if (probability.get() == 0) {
      return false;
    }
    return decide(order, gfp);
  }

  /** Failures injected so far. */
  public long injected() {
    return injected;
  }

  /**
   * Applies the boot parameter {@code fail_page_alloc=<interval>,<probability>,<space>,<times>}.
   * Returns false, changing nothing, when the value does not parse or is out of range.
   */
  public boolean setup(String value) {
    String[] parts = value.strip().split(",", -1);
    if (parts.length != 4) {
      return false;
    }
    LongKnob i = new LongKnob("interval", 0, Long.MAX_VALUE, 1);
    LongKnob p = new LongKnob("probability", 0, 100, 0);
    IntKnob s = new IntKnob("space", 0);
    IntKnob t = new IntKnob("times", 1);
    try {
      i.write(parts[0]);
      p.write(parts[1]);
      s.write(parts[2]);
      t.write(parts[3]);
      interval.write(i.read());
      probability.write(p.read());
    } catch (KnobException e) {
      return false;
    }
    space.set(s.get());
    times.set(t.get());
    return true;
  }

  /** The notice Linux prints for an injected failure (without the call trace of verbose 2). */
  public String notice() {
    return "FAULT_INJECTION: forcing a failure.\nname fail_page_alloc, interval "
        + interval.get()
        + ", probability "
        + probability.get()
        + ", space "
        + space.get()
        + ", times "
        + times.get();
  }

  private boolean decide(int order, int gfp) {
    if (order < minOrder.get()) {
      return false;
    }
    if (ignoreGfpHighmem.get() && (gfp & Gfp.MOVABLE) != 0) {
      return false;
    }
    if (ignoreGfpWait.get() && (gfp & Gfp.DIRECT_COMPACT) != 0) {
      return false;
    }
    int left = times.get();
    if (left == 0) {
      return false;
    }
    long size = 1L << order;
    int budget = space.get();
    if (budget > size) {
      space.set((int) (budget - size));
      return false;
    }
    long every = interval.get();
    if (every > 1) {
      count++;
      if (count % every != 0) {
        return false;
      }
    }
    if (probability.get() <= random.nextInt(100)) {
      return false;
    }
    injected++;
    if (verbose.get() > 0 && (gfp & Gfp.TRANSHUGE) == 0) {
      notices.accept(notice());
    }
    if (left != -1) {
      times.set(left - 1);
    }
    return true;
  }
}
