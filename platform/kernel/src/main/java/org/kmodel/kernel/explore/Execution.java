package org.kmodel.kernel.explore;

import java.util.List;
import java.util.Map;
import org.kmodel.api.fs.Footprint;

/**
 * One run of a scenario under a given prefix of scheduling choices (then as {@link Steer} says), on
 * a fresh kernel.
 */
public interface Execution {

  /** One step run: its task and what it touched. */
  record Event(String task, Footprint footprint) {}

  /**
   * How a run chooses once its prefix is spent.
   *
   * @param stay keep running the task that ran last while it can (no preemption), else the first
   *     enabled task
   * @param asleep tasks not to choose (a sleep set, with each one's next step's footprint) until a
   *     step that conflicts with one wakes it
   * @param footprints whether to ask steps for their footprints (the reduction needs them; without
   *     them every step is recorded as {@link Footprint#EVERYTHING})
   */
  record Steer(boolean stay, Map<String, Footprint> asleep, boolean footprints) {
    public static final Steer NONE = new Steer(false, Map.of());

    public Steer {
      asleep = Map.copyOf(asleep);
    }

    /** Asking steps for their footprints. */
    public Steer(boolean stay, Map<String, Footprint> asleep) {
      this(stay, asleep, true);
    }
  }

  /**
   * Something that went wrong in a run.
   *
   * @param kind {@code invariant} (a built-in check), {@code expect}, {@code always}, {@code
   *     deadlock}
   * @param message what, as the run reported it
   * @param subject what the explorer groups it by: the broken predicate as written for {@code
   *     always}; {@code null} for the message with its numbers abstracted ({@link
   *     Explorer#pattern})
   */
  record Finding(String kind, String message, String subject) {
    public Finding(String kind, String message) {
      this(kind, message, null);
    }
  }

  /**
   * What one run saw.
   *
   * @param points the choice points met
   * @param findings what went wrong, in the order reported
   * @param trace every step, in order
   * @param finalState a hash of the state the run ended in
   * @param events every step with its footprint, in order (empty when not recorded)
   */
  record Outcome(
      List<ChoicePoint> points,
      List<Finding> findings,
      List<TraceEntry> trace,
      long finalState,
      List<Event> events) {
    public Outcome {
      points = List.copyOf(points);
      findings = List.copyOf(findings);
      trace = List.copyOf(trace);
      events = List.copyOf(events);
    }

    public Outcome(
        List<ChoicePoint> points, List<Finding> findings, List<TraceEntry> trace, long finalState) {
      this(points, findings, trace, finalState, List.of());
    }

    /** A run whose findings are all invariant violations, its final state unknown (0). */
    public static Outcome ofViolations(
        List<ChoicePoint> points, List<String> violations, List<TraceEntry> trace) {
      return new Outcome(
          points, violations.stream().map(v -> new Finding("invariant", v)).toList(), trace, 0);
    }

    /** The findings' messages. */
    public List<String> violations() {
      return findings.stream().map(Finding::message).toList();
    }
  }

  /** Runs {@code prefix}, then as {@code steer} says. */
  Outcome run(int[] prefix, Steer steer);

  /** Runs {@code prefix}, then always the first enabled task. */
  default Outcome run(int[] prefix) {
    return run(prefix, Steer.NONE);
  }
}
