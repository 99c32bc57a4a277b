package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Enumerates the interleavings of a scenario's concurrent tasks: depth-first over the enabled tasks
 * at every choice point, each execution replayed from the start on a fresh kernel (stateless
 * search), pruned by state hashing — a choice point whose state was reached before is not expanded
 * again, since everything below it was or will be explored from the first visit.
 *
 * <p>Violations are grouped by kind and by message with its numbers abstracted ({@link #pattern}),
 * or by the predicate an {@code always} names: one bug met at nine logical addresses is one group
 * with nine instances. Each group keeps its first counterexample and its shortest (fewest steps;
 * the first found among equals). The report also counts distinct final states, the longest
 * execution, and how many executions ran each step of each task, listing the scenario steps no
 * execution reached.
 *
 * <p>The order in which prefixes run is a {@link SearchOrder}; the search is depth-first.
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

  /** One execution that showed a group's violation. */
  public record Counterexample(String message, List<TraceEntry> trace, String token) {}

  /**
   * Violations of one kind whose messages differ only in numbers.
   *
   * @param kind the findings' kind ({@link Execution.Finding#kind})
   * @param pattern what its violations share: the message with every number written {@code #}, or
   *     the predicate an {@code always} names
   * @param instances distinct messages seen
   * @param executions executions that showed it
   * @param first the first execution that showed it
   * @param shortest the execution with the fewest steps that showed it
   */
  public record Group(
      String kind,
      String pattern,
      int instances,
      long executions,
      Counterexample first,
      Counterexample shortest) {}

  /**
   * How many executions ran one step of one task.
   *
   * @param label the step as it describes itself, up to its result, numbers written {@code #}; a
   *     scenario step run as one step is named by its origin
   * @param executions executions that ran it at least once
   */
  public record StepCount(String label, long executions) {}

  /**
   * The steps one task ran, in the order first met, and its scenario steps no execution reached.
   */
  public record TaskCoverage(String task, List<StepCount> steps, List<String> neverRun) {}

  /**
   * What an exploration covered.
   *
   * @param executions complete executions run (interleavings covered)
   * @param pruned choice points not expanded because their state was seen before
   * @param choicePoints distinct states with a choice
   * @param violations violations found, one per distinct set of messages (the first only, unless
   *     exploring all)
   * @param exhausted whether every interleaving was covered (false when stopped early)
   * @param groups the violations grouped, in the order first found
   * @param finalStates distinct states the executions ended in
   * @param maxDepth steps of the longest execution
   * @param coverage by task, in the order first met
   * @param bound what bounded the search when a bound cut an interleaving off ({@code exhausted} is
   *     then false), else {@code null}
   */
  public record Report(
      long executions,
      long pruned,
      long choicePoints,
      List<Violation> violations,
      boolean exhausted,
      List<Group> groups,
      long finalStates,
      int maxDepth,
      List<TaskCoverage> coverage,
      String bound) {
    public boolean found() {
      return !violations.isEmpty();
    }
  }

  /**
   * How to search.
   *
   * @param reduction source-set dynamic partial-order reduction with sleep sets over the steps'
   *     footprints ({@link Reduction}) instead of every interleaving pruned by state hash
   * @param maxPreemptions at most this many preemptions per execution (CHESS): choosing a task
   *     other than the one that ran last while that one could go on; the run past its prefix never
   *     preempts
   * @param maxDepth no choice is varied at or beyond this many steps
   */
  public record Mode(boolean reduction, int maxPreemptions, int maxDepth) {
    /** Every interleaving, pruned by state hash. */
    public static final Mode PLAIN = new Mode(false, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Every interleaving up to the reduction. */
    public static final Mode REDUCED = new Mode(true, Integer.MAX_VALUE, Integer.MAX_VALUE);

    boolean bounded() {
      return maxPreemptions != Integer.MAX_VALUE || maxDepth != Integer.MAX_VALUE;
    }

    /** The bounds in words, for a report. */
    String describeBounds() {
      List<String> out = new ArrayList<>();
      if (maxPreemptions != Integer.MAX_VALUE) {
        out.add("at most " + maxPreemptions + " preemptions");
      }
      if (maxDepth != Integer.MAX_VALUE) {
        out.add("choices only in the first " + maxDepth + " steps");
      }
      return String.join(", ", out);
    }
  }

  private static final Pattern NUMBER = Pattern.compile("(?<!:)\\b(?:0x[0-9a-fA-F]+|[0-9]+)\\b");

  private final Execution execution;
  private final List<Execution> helpers;
  private final int fingerprint;
  private final Map<String, List<String>> planned;

  public Explorer(Execution execution) {
    this(execution, List.of(), 0, Map.of());
  }

  /**
   * @param execution the executions the search runs itself
   * @param helpers more executions (each on its own kernel) that run prefixes ahead, one thread
   *     each; none for a sequential search
   * @param fingerprint the scenario's {@link ReplayToken#fingerprint}, which violations' tokens
   *     carry
   * @param planned each task's scenario steps as {@link TraceEntry#origin} names them, for the
   *     coverage's steps never run
   */
  public Explorer(
      Execution execution,
      List<? extends Execution> helpers,
      int fingerprint,
      Map<String, List<String>> planned) {
    this.execution = execution;
    this.helpers = List.copyOf(helpers);
    this.fingerprint = fingerprint;
    this.planned = planned;
  }

  /** A message with every number written {@code #}: what violations are grouped by. */
  public static String pattern(String message) {
    return NUMBER.matcher(message).replaceAll("#");
  }

  /**
   * @param all keep going after the first violation
   * @param maxExecutions stop after this many executions (the report then says not exhausted)
   */
  public Report explore(boolean all, long maxExecutions) {
    return explore(all, maxExecutions, Mode.PLAIN);
  }

  /**
   * As {@link #explore(boolean, long)}, searching as {@code mode} says. The reduction runs on this
   * thread alone: which run comes next depends on the one before.
   */
  public Report explore(boolean all, long maxExecutions, Mode mode) {
    if (mode.reduction()) {
      return new Reduction(mode).search(all, maxExecutions);
    }
    Execution.Steer steer = new Execution.Steer(mode.bounded(), Map.of(), false);
    if (helpers.isEmpty()) {
      return search(all, maxExecutions, mode, p -> execution.run(p, steer), order -> {});
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
          mode,
          prefix -> {
            java.util.concurrent.Future<Execution.Outcome> f = ahead.remove(key(prefix));
            if (f == null) {
              return execution.run(prefix, steer);
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
          order -> {
            // Run the prefixes that come soonest ahead, as many at a time as there are helpers.
            long running = ahead.values().stream().filter(f -> !f.isDone()).count();
            java.util.Iterator<int[]> next = order.upcoming();
            while (running < helpers.size() && next.hasNext()) {
              int[] prefix = next.next();
              if (!ahead.containsKey(key(prefix))) {
                ahead.put(
                    key(prefix),
                    pool.submit(
                        () -> {
                          Execution e = idle.take();
                          try {
                            return e.run(prefix, steer);
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
      Mode mode,
      java.util.function.Function<int[], Execution.Outcome> runner,
      java.util.function.Consumer<SearchOrder> runAhead) {
    SearchOrder order = SearchOrder.depthFirst();
    order.add(new int[0]);
    Set<Long> visited = new HashSet<>();
    Findings findings = new Findings();
    Set<Long> finals = new HashSet<>();
    Coverage coverage = new Coverage();
    int maxDepth = 0;
    long executions = 0;
    long pruned = 0;
    boolean exhausted = true;
    boolean cut = false;
    while (!order.isEmpty()) {
      if (executions >= maxExecutions) {
        exhausted = false;
        break;
      }
      int[] prefix = order.next();
      runAhead.accept(order);
      Execution.Outcome o = runner.apply(prefix);
      executions++;
      finals.add(o.finalState());
      maxDepth = Math.max(maxDepth, o.trace().size());
      coverage.add(o.trace());
      List<ChoicePoint> points = o.points();
      int[] choices = new int[points.size()];
      for (int i = 0; i < choices.length; i++) {
        choices[i] = points.get(i).chosen();
      }
      if (findings.add(o, choices) && !all) {
        exhausted = false;
        break;
      }
      int preemptions = 0;
      for (int i = 0; i < prefix.length && i < points.size(); i++) {
        ChoicePoint p = points.get(i);
        preemptions += p.preempts(p.enabled().get(p.chosen())) ? 1 : 0;
      }
      for (int i = prefix.length; i < points.size(); i++) {
        ChoicePoint p = points.get(i);
        if (!visited.add(p.stateHash())) {
          pruned++;
          break;
        }
        for (int alt = p.enabled().size() - 1; alt >= 0; alt--) {
          if (alt == p.chosen()) {
            continue;
          }
          if (p.step() >= mode.maxDepth()
              || preemptions + (p.preempts(p.enabled().get(alt)) ? 1 : 0) > mode.maxPreemptions()) {
            cut = true;
            continue;
          }
          int[] next = Arrays.copyOf(choices, i + 1);
          next[i] = alt;
          order.add(next);
        }
        preemptions += p.preempts(p.enabled().get(p.chosen())) ? 1 : 0;
      }
    }
    if (cut) {
      exhausted = false;
    }
    return new Report(
        executions,
        pruned,
        visited.size(),
        List.copyOf(findings.violations),
        exhausted,
        findings.groups(),
        finals.size(),
        maxDepth,
        coverage.report(),
        cut ? mode.describeBounds() : null);
  }

  /**
   * Source-set dynamic partial-order reduction with sleep sets (Abdulla, Aronis, Jonsson and
   * Sagonas, "Optimal dynamic partial order reduction", POPL 2014, Algorithm 1 "source-DPOR"), over
   * the footprints the steps declare: two steps of different tasks are dependent when their
   * footprints conflict, steps of one task always. After each run, every race — two dependent steps
   * of different tasks with no step ordered between them by happens-before — asks that, at the
   * choice point of the earlier one, some task that can start the reversed race (an initial of
   * {@code notdep(e).p}) be explored. Depth first; a task asleep at a choice point (explored before
   * by a sibling with an independent first step) is not chosen again there.
   *
   * <p>It does not prune by state hash: stateless DPOR is sound, caching states beneath it is not
   * without more machinery. A pair of dependent steps where the later one's task could not start at
   * the earlier one's choice point (a guard or simulated time held it back, it was not spawned yet,
   * or only one task could run) is not a race: the nearest such choice point explores every task
   * that could run there, and the search looks past it to earlier steps (Flanagan and Godefroid,
   * POPL 2005, for both).
   */
  private final class Reduction {
    private final Mode mode;
    private final List<Node> path = new ArrayList<>();

    /** A choice point of the current run and what the search still owes it. */
    private static final class Node {
      final ChoicePoint point;
      final Set<String> backtrack = new java.util.LinkedHashSet<>();
      final Set<String> explored = new java.util.LinkedHashSet<>();
      final int preemptions;

      Node(ChoicePoint point, int preemptions) {
        this.point = point;
        this.preemptions = preemptions;
        String chosen = point.enabled().get(point.chosen());
        backtrack.add(chosen);
        explored.add(chosen);
      }

      org.kmodel.api.fs.Footprint next(String task) {
        int i = point.enabled().indexOf(task);
        return i >= 0 ? point.next().get(i) : point.asleep().get(task);
      }
    }

    Reduction(Mode mode) {
      this.mode = mode;
    }

    Report search(boolean all, long maxExecutions) {
      Findings findings = new Findings();
      Set<Long> finals = new HashSet<>();
      Coverage coverage = new Coverage();
      int maxDepth = 0;
      long executions = 0;
      long nodes = 0;
      boolean exhausted = true;
      boolean cut = false;
      int[] prefix = new int[0];
      Execution.Steer steer = new Execution.Steer(mode.bounded(), Map.of());
      while (true) {
        if (executions >= maxExecutions) {
          exhausted = false;
          break;
        }
        Execution.Outcome o = execution.run(prefix, steer);
        executions++;
        finals.add(o.finalState());
        maxDepth = Math.max(maxDepth, o.trace().size());
        coverage.add(o.trace());
        List<ChoicePoint> points = o.points();
        int[] choices = new int[points.size()];
        for (int i = 0; i < choices.length; i++) {
          choices[i] = points.get(i).chosen();
        }
        if (findings.add(o, choices) && !all) {
          exhausted = false;
          break;
        }
        for (int i = path.size(); i < points.size(); i++) {
          ChoicePoint p = points.get(i);
          int before = i == 0 ? 0 : path.get(i - 1).preemptions;
          int own =
              i == 0 ? 0 : (path.get(i - 1).point.preempts(chosenName(path.get(i - 1))) ? 1 : 0);
          path.add(new Node(p, before + own));
          nodes++;
        }
        races(o.events());
        int k = path.size() - 1;
        String q = null;
        for (; k >= 0; k--) {
          Node n = path.get(k);
          for (String t : n.point.enabled()) {
            if (n.backtrack.contains(t)
                && !n.explored.contains(t)
                && !n.point.asleep().containsKey(t)) {
              if (n.point.step() >= mode.maxDepth()
                  || n.preemptions + (n.point.preempts(t) ? 1 : 0) > mode.maxPreemptions()) {
                cut = true;
                n.explored.add(t);
                continue;
              }
              q = t;
              break;
            }
          }
          if (q != null) {
            break;
          }
        }
        if (q == null) {
          break;
        }
        Node n = path.get(k);
        org.kmodel.api.fs.Footprint fq = n.next(q);
        Map<String, org.kmodel.api.fs.Footprint> asleep = new LinkedHashMap<>();
        n.point
            .asleep()
            .forEach(
                (t, f) -> {
                  if (!f.conflicts(fq)) {
                    asleep.put(t, f);
                  }
                });
        for (String t : n.explored) {
          org.kmodel.api.fs.Footprint f = n.next(t);
          if (!f.conflicts(fq)) {
            asleep.put(t, f);
          }
        }
        n.explored.add(q);
        prefix = Arrays.copyOf(choices, k + 1);
        prefix[k] = n.point.enabled().indexOf(q);
        path.subList(k + 1, path.size()).clear();
        steer = new Execution.Steer(mode.bounded(), asleep);
      }
      return new Report(
          executions,
          0,
          nodes,
          List.copyOf(findings.violations),
          exhausted && !cut,
          findings.groups(),
          finals.size(),
          maxDepth,
          coverage.report(),
          cut ? mode.describeBounds() : null);
    }

    private static String chosenName(Node n) {
      return n.point.enabled().get(n.point.chosen());
    }

    private boolean dependent(Execution.Event a, Execution.Event b) {
      return a.task().equals(b.task()) || a.footprint().conflicts(b.footprint());
    }

    /** Finds the run's races and adds to the choice points' backtrack sets. */
    private void races(List<Execution.Event> events) {
      int n = events.size();
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (Execution.Event e : events) {
        ids.putIfAbsent(e.task(), ids.size());
      }
      int tasks = ids.size();
      int[] task = new int[n];
      for (int i = 0; i < n; i++) {
        task[i] = ids.get(events.get(i).task());
      }
      // clock[j][t]: the last step of task t that happens before step j or is j (-1: none).
      int[][] clock = new int[n][];
      Map<Integer, Node> nodeAt = new java.util.HashMap<>();
      for (Node node : path) {
        nodeAt.put(node.point.step(), node);
      }
      for (int j = 0; j < n; j++) {
        int[] c = new int[tasks];
        Arrays.fill(c, -1);
        for (int i = j - 1; i >= 0; i--) {
          if (c[task[i]] < i && dependent(events.get(i), events.get(j))) {
            join(c, clock[i]);
          }
        }
        c[task[j]] = j;
        clock[j] = c;
      }
      for (int j = 0; j < n; j++) {
        // i races with j when no other step dependent with j lies between them in happens-before.
        int[] past = new int[tasks];
        Arrays.fill(past, -1);
        boolean blocked = false;
        for (int i = j - 1; i >= 0; i--) {
          if (past[task[i]] >= i || !dependent(events.get(i), events.get(j))) {
            continue;
          }
          if (task[i] != task[j]) {
            Node at = nodeAt.get(i);
            if (at == null || !reverse(at, i, j, events, task, clock)) {
              // Not reversible at i (j's task could not start there: a guard, simulated time, a
              // task not yet spawned). The nearest such choice point explores every task that
              // could run (Flanagan and Godefroid), and the search looks further back, past i,
              // as for events that are not co-enabled: the lock release before an acquire is not
              // the race, the acquire before it is.
              if (at != null && !blocked) {
                at.backtrack.addAll(at.point.enabled());
                blocked = true;
              }
              continue;
            }
          }
          join(past, clock[i]);
        }
      }
    }

    private static void join(int[] into, int[] other) {
      for (int t = 0; t < into.length; t++) {
        into[t] = Math.max(into[t], other[t]);
      }
    }

    /**
     * Asks the choice point of step {@code i} to explore a task that starts {@code notdep(i).j}:
     * the steps after {@code i} that do not happen after it, then {@code j}; whether one of its
     * initials could run there.
     */
    private boolean reverse(
        Node at, int i, int j, List<Execution.Event> events, int[] task, int[][] clock) {
      List<Integer> v = new ArrayList<>();
      for (int k = i + 1; k < j; k++) {
        if (clock[k][task[i]] < i) {
          v.add(k);
        }
      }
      v.add(j);
      Set<String> initials = new java.util.LinkedHashSet<>();
      Set<Integer> seenTasks = new HashSet<>();
      for (int a = 0; a < v.size(); a++) {
        int k = v.get(a);
        if (!seenTasks.add(task[k])) {
          continue;
        }
        boolean first = true;
        for (int b = 0; b < a && first; b++) {
          int u = v.get(b);
          first = clock[k][task[u]] < u;
        }
        if (first) {
          initials.add(events.get(k).task());
        }
      }
      initials.retainAll(at.point.enabled());
      if (initials.isEmpty()) {
        return false;
      }
      for (String t : initials) {
        if (at.backtrack.contains(t)) {
          return true;
        }
      }
      at.backtrack.add(initials.iterator().next());
      return true;
    }
  }

  /** The violations met so far: distinct sets of messages, and groups. */
  private final class Findings {
    final List<Violation> violations = new ArrayList<>();
    private final Set<String> seenMessages = new HashSet<>();
    private final Map<String, GroupBuilder> groups = new LinkedHashMap<>();

    /** Takes one execution's findings; whether it showed a violation not seen before. */
    boolean add(Execution.Outcome o, int[] choices) {
      if (o.findings().isEmpty()) {
        return false;
      }
      String token = ReplayToken.encode(choices, fingerprint);
      for (Execution.Finding f : o.findings()) {
        String subject = f.subject() != null ? f.subject() : pattern(f.message());
        groups
            .computeIfAbsent(f.kind() + "\0" + subject, k -> new GroupBuilder(f.kind(), subject))
            .add(f.message(), o.trace(), token);
      }
      List<String> messages = o.violations();
      boolean fresh = seenMessages.addAll(messages);
      if (fresh) {
        violations.add(new Violation(messages, o.trace(), token));
      }
      return fresh;
    }

    List<Group> groups() {
      return groups.values().stream().map(GroupBuilder::build).toList();
    }
  }

  private static final class GroupBuilder {
    private final String kind;
    private final String pattern;
    private final Set<String> instances = new HashSet<>();
    private long executions;
    private Counterexample first;
    private Counterexample shortest;

    GroupBuilder(String kind, String pattern) {
      this.kind = kind;
      this.pattern = pattern;
    }

    void add(String message, List<TraceEntry> trace, String token) {
      instances.add(message);
      executions++;
      if (first == null) {
        first = new Counterexample(message, trace, token);
        shortest = first;
      } else if (trace.size() < shortest.trace().size()) {
        shortest = new Counterexample(message, trace, token);
      }
    }

    Group build() {
      return new Group(kind, pattern, instances.size(), executions, first, shortest);
    }
  }

  /** Executions that ran each step of each task. */
  private final class Coverage {
    private final Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
    private final Set<String> reached = new HashSet<>();

    /** Labels by origin and description: the same few steps recur in every execution. */
    private final Map<String, String> labels = new java.util.HashMap<>();

    void add(List<TraceEntry> trace) {
      Set<String> once = new HashSet<>();
      for (TraceEntry e : trace) {
        String label = labels.computeIfAbsent(e.origin() + "\0" + e.step(), k -> label(e));
        if (once.add(e.task() + "\0" + label)) {
          counts.computeIfAbsent(e.task(), t -> new LinkedHashMap<>())
              .computeIfAbsent(label, l -> new long[1])[0]++;
        }
        reached.add(e.task() + "\0" + e.origin());
      }
    }

    List<TaskCoverage> report() {
      Set<String> tasks = new java.util.LinkedHashSet<>(counts.keySet());
      tasks.addAll(planned.keySet());
      List<TaskCoverage> out = new ArrayList<>();
      for (String task : tasks) {
        List<StepCount> steps = new ArrayList<>();
        counts.getOrDefault(task, Map.of()).forEach((l, n) -> steps.add(new StepCount(l, n[0])));
        List<String> never =
            planned.getOrDefault(task, List.of()).stream()
                .filter(o -> !reached.contains(task + "\0" + o))
                .toList();
        out.add(new TaskCoverage(task, steps, never));
      }
      return out;
    }
  }

  /**
   * A step's coverage label: its description up to its result ({@code " -> "}), numbers written
   * {@code #}; a scenario step that runs as one step ({@code "op at file:line:col"}) is its origin.
   */
  static String label(TraceEntry e) {
    String step = e.step();
    if (!e.origin().isEmpty()) {
      String op = e.origin().substring(0, e.origin().indexOf(' '));
      if (step.startsWith(op + " at ")) {
        return e.origin();
      }
    }
    int result = step.indexOf(" -> ");
    return pattern(result < 0 ? step : step.substring(0, result));
  }
}
