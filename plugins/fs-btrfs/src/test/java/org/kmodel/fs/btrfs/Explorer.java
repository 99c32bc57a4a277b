package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Explores every interleaving of a scenario's tasks (respecting guards) by replaying each schedule
 * prefix on a fresh scenario; at the end of each complete schedule a verdict names what went wrong
 * (or {@code null}).
 */
final class Explorer {
  /** A fresh filesystem with its concurrent tasks in a driver. */
  record Run(Btrfs fs, FakeFsContext ctx, Driver driver) {}

  final List<String> bad = new ArrayList<>();
  int schedules;

  private final Supplier<Run> fresh;
  private final Function<Run, String> verdict;

  Explorer(Supplier<Run> fresh, Function<Run, String> verdict) {
    this.fresh = fresh;
    this.verdict = verdict;
  }

  Explorer explore() {
    explore(new ArrayList<>());
    return this;
  }

  private void explore(List<Integer> prefix) {
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
    for (int i : enabled) {
      List<Integer> next = new ArrayList<>(prefix);
      next.add(i);
      explore(next);
    }
  }
}
