package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.kmodel.api.fs.Footprint;
import org.kmodel.kernel.sim.Scheduler;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;

/**
 * A scheduler that follows a given prefix of choices and then takes the first enabled task (or, as
 * {@link Execution.Steer} says, the task that ran last and tasks not asleep first), recording every
 * choice point it meets and every step's footprint. Only decisions with more than one enabled task
 * count as choices, so a choice sequence replays an interleaving exactly.
 */
public final class ReplayScheduler implements Scheduler {
  private final int[] prefix;
  private final LongSupplier stateHash;
  private final boolean stay;
  private final Map<String, Footprint> asleep;
  private final java.util.function.UnaryOperator<Footprint> visibility;
  private final boolean footprints;
  private final List<ChoicePoint> points = new ArrayList<>();
  private final List<Execution.Event> events = new ArrayList<>();
  private boolean steering;
  private String previous;
  private String misfit;

  public ReplayScheduler(int[] prefix, LongSupplier stateHash) {
    this(prefix, stateHash, Execution.Steer.NONE);
  }

  /**
   * @param steer how to choose after the prefix; its sleep set holds from the step the prefix's
   *     last choice picked on
   */
  public ReplayScheduler(int[] prefix, LongSupplier stateHash, Execution.Steer steer) {
    this(prefix, stateHash, steer, Visibility.NONE);
  }

  /**
   * @param visibility applied to every footprint, so that steps that can change a checked property
   *     conflict
   */
  public ReplayScheduler(
      int[] prefix,
      LongSupplier stateHash,
      Execution.Steer steer,
      java.util.function.UnaryOperator<Footprint> visibility) {
    this.visibility = visibility;
    this.footprints = steer.footprints();
    this.prefix = prefix.clone();
    this.stateHash = stateHash;
    this.stay = steer.stay();
    this.asleep = new LinkedHashMap<>(steer.asleep());
    this.steering = prefix.length == 0;
  }

  @Override
  public int choose(List<Task> enabled) {
    int k = points.size();
    List<String> names = new ArrayList<>(enabled.size());
    List<Footprint> next = new ArrayList<>(enabled.size());
    long hash = stateHash.getAsLong();
    for (Task t : enabled) {
      names.add(t.name());
      next.add(footprints ? visibility.apply(t.peek().footprint()) : Footprint.EVERYTHING);
      hash = hash * 1_000_003L + t.name().hashCode();
      hash = hash * 1_000_003L + t.peek().describe().hashCode();
    }
    int pick = k < prefix.length ? prefix[k] : steer(names);
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
    Map<String, Footprint> sleeping = steering ? asleep : Map.of();
    points.add(new ChoicePoint(names, pick, hash, previous, events.size(), next, sleeping));
    return pick;
  }

  /** Beyond the prefix: the task that ran last if asked to stay, else the first; none asleep. */
  private int steer(List<String> names) {
    if (stay && previous != null) {
      int p = names.indexOf(previous);
      if (p >= 0 && !asleep.containsKey(previous)) {
        return p;
      }
    }
    for (int i = 0; i < names.size(); i++) {
      if (!asleep.containsKey(names.get(i))) {
        return i;
      }
    }
    return 0;
  }

  @Override
  public void running(Task task, SimStep step) {
    Footprint fp = footprints ? visibility.apply(step.footprint()) : Footprint.EVERYTHING;
    events.add(new Execution.Event(task.name(), fp));
    previous = task.name();
    if (steering) {
      asleep.remove(task.name());
      asleep.values().removeIf(fp::conflicts);
    } else if (points.size() == prefix.length) {
      // The step the prefix's last choice picked: the sleep set given is the one after it.
      steering = true;
    }
  }

  /** The choice points met so far. */
  public List<ChoicePoint> points() {
    return List.copyOf(points);
  }

  /** The steps run so far, with their footprints. */
  public List<Execution.Event> events() {
    return List.copyOf(events);
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
