package org.kmodel.kernel.explore;

import java.util.List;

/**
 * One run of a scenario under a given prefix of scheduling choices (then always the first enabled
 * task), on a fresh kernel.
 */
public interface Execution {

  /** What one run saw. */
  record Outcome(List<ChoicePoint> points, List<String> violations, List<TraceEntry> trace) {
    public Outcome {
      points = List.copyOf(points);
      violations = List.copyOf(violations);
      trace = List.copyOf(trace);
    }
  }

  Outcome run(int[] prefix);
}
