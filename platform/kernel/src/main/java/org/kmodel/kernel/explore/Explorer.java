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
 *
 * <p>With more than one worker, the prefixes next in line on the stack run ahead on the other
 * workers. An execution's outcome depends on its prefix alone, and outcomes are taken in the order
 * the search pops them, so the report — executions, pruning, violations and their tokens — is the
 * one a single worker gives. A prefix that runs ahead but is never popped (the search stopped) is
 * not counted.
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
  private final List<Execution> helpers;
  private final int fingerprint;

  public Explorer(Execution execution) {
    this(execution, List.of(), 0);
  }

  /**
   * @param execution the executions the search runs itself
   * @param helpers more executions (each on its own kernel) that run prefixes ahead, one thread
   *     each; none for a sequential search
   * @param fingerprint the scenario's {@link ReplayToken#fingerprint}, which violations' tokens
   *     carry
   */
  public Explorer(Execution execution, List<? extends Execution> helpers, int fingerprint) {
    this.execution = execution;
    this.helpers = List.copyOf(helpers);
    this.fingerprint = fingerprint;
  }

  /**
   * @param all keep going after the first violation
   * @param maxExecutions stop after this many executions (the report then says not exhausted)
   */
  public Report explore(boolean all, long maxExecutions) {
    if (helpers.isEmpty()) {
      return search(all, maxExecutions, execution::run, stack -> {});
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            helpers.size(),
            r -> {
              Thread t = new Thread(r, "kmodel-explore");
              t.setDaemon(true);
              return t;
            });
    java.util.concurrent.BlockingQueue<Execution> idle =
        new java.util.concurrent.LinkedBlockingQueue<>(helpers);
    java.util.Map<List<Integer>, java.util.concurrent.Future<Execution.Outcome>> ahead =
        new java.util.HashMap<>();
    try {
      return search(
          all,
          maxExecutions,
          prefix -> {
            java.util.concurrent.Future<Execution.Outcome> f = ahead.remove(key(prefix));
            if (f == null) {
              return execution.run(prefix);
            }
            try {
              return f.get();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while exploring", e);
            } catch (java.util.concurrent.ExecutionException e) {
              throw e.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(e.getCause());
            }
          },
          stack -> {
            // Everything on the stack is popped after the current prefix's subtree: run the
            // entries nearest the top ahead, as many at a time as there are helpers.
            long running = ahead.values().stream().filter(f -> !f.isDone()).count();
            java.util.Iterator<int[]> next = stack.iterator();
            while (running < helpers.size() && next.hasNext()) {
              int[] prefix = next.next();
              if (!ahead.containsKey(key(prefix))) {
                ahead.put(
                    key(prefix),
                    pool.submit(
                        () -> {
                          Execution e = idle.take();
                          try {
                            return e.run(prefix);
                          } finally {
                            idle.add(e);
                          }
                        }));
                running++;
              }
            }
          });
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Integer> key(int[] prefix) {
    return Arrays.stream(prefix).boxed().toList();
  }

  private Report search(
      boolean all,
      long maxExecutions,
      java.util.function.Function<int[], Execution.Outcome> runner,
      java.util.function.Consumer<Deque<int[]>> runAhead) {
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
      runAhead.accept(stack);
      Execution.Outcome o = runner.apply(prefix);
      executions++;
      List<ChoicePoint> points = o.points();
      int[] choices = new int[points.size()];
      for (int i = 0; i < choices.length; i++) {
        choices[i] = points.get(i).chosen();
      }
      if (!o.violations().isEmpty() && seenMessages.addAll(o.violations())) {
        found.add(
            new Violation(o.violations(), o.trace(), ReplayToken.encode(choices, fingerprint)));
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
