package org.kmodel.kernel.explore;

import java.util.List;

/**
 * One run of a scenario under a given prefix of scheduling choices (then always the first enabled
 * task), on a fresh kernel.
 */
public interface Execution {

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
   */
  record Outcome(
      List<ChoicePoint> points, List<Finding> findings, List<TraceEntry> trace, long finalState) {
    public Outcome {
      points = List.copyOf(points);
      findings = List.copyOf(findings);
      trace = List.copyOf(trace);
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

  Outcome run(int[] prefix);
}
