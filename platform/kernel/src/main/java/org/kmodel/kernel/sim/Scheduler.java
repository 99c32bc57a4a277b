package org.kmodel.kernel.sim;

import java.util.List;

/**
 * Picks which enabled task runs its next step. The in-order and seeded-random schedulers ship with
 * the kernel; the filesystem explorer implements this interface to enumerate every choice.
 */
public interface Scheduler {

  /**
   * Chooses among the tasks whose next step is enabled, in task-creation order.
   *
   * @return an index into {@code enabled}
   */
  int choose(List<Task> enabled);

  /**
   * Told about every step just before it runs, chosen or the only one that could run (the explorer
   * records what each step touches).
   */
  default void running(Task task, SimStep step) {}

  /** Always the first enabled task in creation order: scenario steps before kernel threads. */
  static Scheduler inOrder() {
    return enabled -> 0;
  }

  /** A uniformly random enabled task, reproducible for a seed. */
  static Scheduler seededRandom(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    return enabled -> enabled.size() == 1 ? 0 : random.nextInt(enabled.size());
  }
}
