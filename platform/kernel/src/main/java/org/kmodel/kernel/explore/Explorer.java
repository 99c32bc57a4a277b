package org.kmodel.kernel.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Enumerates the interleavings of a scenario's concurrent tasks: depth-first over the enabled tasks
 * at every choice point, each execution replayed from the start on a fresh kernel (stateless
 * search), pruned by state hashing — a choice point whose state was reached before is not expanded
 * again, since everything below it was or will be explored from the first visit.
 */
public final class Explorer {

  /** A violation found, with the interleaving that led to it. */
  public record Violation(List<String> messages, List<TraceEntry> trace, String token) {}

  /**
   * What an exploration covered.
   *
   * @param executions complete executions run (interleavings covered)
   * @param pruned choice points not expanded because their state was seen before
   * @param choicePoints distinct states with a choice
   * @param violations violations found (the first only, unless exploring all)
   * @param exhausted whether every interleaving was covered (false when stopped early)
   */
  public record Report(
      long executions,
      long pruned,
      long choicePoints,
      List<Violation> violations,
      boolean exhausted) {
    public boolean found() {
      return !violations.isEmpty();
    }
  }

  private final Execution execution;

  public Explorer(Execution execution) {
    this.execution = execution;
  }

  /**
   * @param all keep going after the first violation
   * @param maxExecutions stop after this many executions (the report then says not exhausted)
   */
  public Report explore(boolean all, long maxExecutions) {
    Deque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[0]);
    Set<Long> visited = new HashSet<>();
    List<Violation> found = new ArrayList<>();
    Set<String> seenMessages = new HashSet<>();
    long executions = 0;
    long pruned = 0;
    while (!stack.isEmpty()) {
      if (executions >= maxExecutions) {
        return new Report(executions, pruned, visited.size(), found, false);
      }
      int[] prefix = stack.pop();
      Execution.Outcome o = execution.run(prefix);
      executions++;
      List<ChoicePoint> points = o.points();
      int[] choices = new int[points.size()];
      for (int i = 0; i < choices.length; i++) {
        choices[i] = points.get(i).chosen();
      }
      if (!o.violations().isEmpty() && seenMessages.addAll(o.violations())) {
        found.add(new Violation(o.violations(), o.trace(), ReplayToken.encode(choices)));
        if (!all) {
          return new Report(executions, pruned, visited.size(), found, false);
        }
      }
      for (int i = prefix.length; i < points.size(); i++) {
        ChoicePoint p = points.get(i);
        if (!visited.add(p.stateHash())) {
          pruned++;
          break;
        }
        for (int alt = p.enabled().size() - 1; alt >= 1; alt--) {
          int[] next = Arrays.copyOf(choices, i + 1);
          next[i] = alt;
          stack.push(next);
        }
      }
    }
    return new Report(executions, pruned, visited.size(), found, true);
  }
}
