package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.kmodel.kernel.sim.Scheduler;
import org.kmodel.kernel.sim.Task;

/**
 * A scheduler that follows a given prefix of choices and then always takes the first enabled task,
 * recording every choice point it meets. Only decisions with more than one enabled task count as
 * choices, so a choice sequence replays an interleaving exactly.
 */
public final class ReplayScheduler implements Scheduler {
  private final int[] prefix;
  private final LongSupplier stateHash;
  private final List<ChoicePoint> points = new ArrayList<>();
  private String misfit;

  public ReplayScheduler(int[] prefix, LongSupplier stateHash) {
    this.prefix = prefix.clone();
    this.stateHash = stateHash;
  }

  @Override
  public int choose(List<Task> enabled) {
    int k = points.size();
    int pick = k < prefix.length ? prefix[k] : 0;
    if (pick >= enabled.size()) {
      if (misfit == null) {
        misfit =
            "at choice "
                + (k + 1)
                + " it picks task "
                + (pick + 1)
                + " of the "
                + enabled.size()
                + " that can run";
      }
      pick = enabled.size() - 1;
    }
    List<String> names = new ArrayList<>(enabled.size());
    long hash = stateHash.getAsLong();
    for (Task t : enabled) {
      names.add(t.name());
      hash = hash * 1_000_003L + t.name().hashCode();
      hash = hash * 1_000_003L + t.peek().describe().hashCode();
    }
    points.add(new ChoicePoint(List.copyOf(names), pick, hash));
    return pick;
  }

  /** The choice points met so far. */
  public List<ChoicePoint> points() {
    return List.copyOf(points);
  }

  /**
   * Why the prefix does not fit the run it steered — a choice beyond the tasks that could run, or
   * choices left over when the run ended — or {@code null} when it fits. Call it after the run.
   */
  public String misfit() {
    if (misfit != null) {
      return misfit;
    }
    return prefix.length > points.size()
        ? "it has "
            + prefix.length
            + " choices, but the run met only "
            + points.size()
            + " choice points"
        : null;
  }

  /** The choices made so far, as indices. */
  public int[] choices() {
    int[] out = new int[points.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = points.get(i).chosen();
    }
    return out;
  }
}
