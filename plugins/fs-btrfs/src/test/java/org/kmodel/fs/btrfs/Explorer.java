package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Explores every interleaving of a scenario's tasks (respecting guards) by replaying each schedule
 * prefix on a fresh scenario; at the end of each complete schedule a verdict names what went wrong
 * (or {@code null}). With a preemption bound it explores every schedule that switches away from a
 * task still able to run at most that many times (Musuvathi and Qadeer, "Iterative context bounding
 * for systematic testing of multithreaded programs", PLDI 2007): the spawned completion workers
 * make the unbounded space too large for a unit test, and the distribution's explorer tests, which
 * prune, keep the exhaustive check.
 */
final class Explorer {
  /** A fresh filesystem with its concurrent tasks in a driver. */
  record Run(Btrfs fs, FakeFsContext ctx, Driver driver) {}

  final List<String> bad = new ArrayList<>();
  int schedules;

  private final Supplier<Run> fresh;
  private final Function<Run, String> verdict;
  private final int preemptions;

  Explorer(Supplier<Run> fresh, Function<Run, String> verdict) {
    this(fresh, verdict, Integer.MAX_VALUE);
  }

  Explorer(Supplier<Run> fresh, Function<Run, String> verdict, int preemptions) {
    this.fresh = fresh;
    this.verdict = verdict;
    this.preemptions = preemptions;
  }

  Explorer explore() {
    explore(new ArrayList<>(), 0);
    return this;
  }

  private void explore(List<Integer> prefix, int used) {
    Run run = fresh.get();
    run.driver().run(prefix);
    List<Integer> enabled = run.driver().enabled();
    if (enabled.isEmpty()) {
      if (!run.driver().allDone()) {
        fail("deadlock after " + prefix + "\n" + run.driver());
      }
      schedules++;
      String problem = verdict.apply(run);
      if (problem != null) {
        bad.add(prefix + ": " + problem);
      }
      return;
    }
    int last = prefix.isEmpty() ? -1 : prefix.get(prefix.size() - 1);
    for (int i : enabled) {
      int cost = last >= 0 && i != last && enabled.contains(last) ? 1 : 0;
      if (used + cost > preemptions) {
        continue;
      }
      List<Integer> next = new ArrayList<>(prefix);
      next.add(i);
      explore(next, used + cost);
    }
  }
}
