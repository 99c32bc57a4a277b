package org.kmodel.kernel.explore;

import java.util.List;
import java.util.Map;
import org.kmodel.api.fs.Footprint;

/**
 * A scheduling decision met during one execution: the tasks that could run, which one did, and a
 * hash of the state before the choice (the explorer prunes a state it has seen).
 *
 * @param enabled names of the enabled tasks, in creation order
 * @param chosen index into {@code enabled}
 * @param stateHash the state before the choice
 * @param previous the task that ran the step before, {@code null} at the first step
 * @param step steps run before this choice (the index of the chosen step in the run)
 * @param next the footprint of each enabled task's next step, as {@code enabled}
 * @param asleep the tasks the reduction keeps asleep here, with their next step's footprint
 */
public record ChoicePoint(
    List<String> enabled,
    int chosen,
    long stateHash,
    String previous,
    int step,
    List<Footprint> next,
    Map<String, Footprint> asleep) {

  public ChoicePoint {
    enabled = List.copyOf(enabled);
    next = List.copyOf(next);
    asleep = Map.copyOf(asleep);
  }

  /** A choice point known only by its tasks, choice and state (no footprints: all conflict). */
  public ChoicePoint(List<String> enabled, int chosen, long stateHash) {
    this(
        enabled,
        chosen,
        stateHash,
        null,
        0,
        java.util.Collections.nCopies(enabled.size(), Footprint.EVERYTHING),
        Map.of());
  }

  /** Whether running {@code task} here preempts the task that ran before, which could go on. */
  public boolean preempts(String task) {
    return previous != null && !previous.equals(task) && enabled.contains(previous);
  }
}
