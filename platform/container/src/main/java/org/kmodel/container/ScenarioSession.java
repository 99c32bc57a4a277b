package org.kmodel.container;

import java.nio.file.Path;
import java.util.List;
import org.kmodel.container.osgi.Container;
import org.kmodel.container.osgi.SlotBridge;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.explore.Execution;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.explore.ReplayScheduler;
import org.kmodel.kernel.explore.ReplayToken;
import org.kmodel.kernel.explore.TraceEntry;
import org.kmodel.kernel.run.MachineConfig;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.run.ScenarioRunner;
import org.kmodel.kernel.run.StepGate;
import org.kmodel.kernel.scenario.model.BundleSelection;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.sim.Scheduler;

/**
 * Runs one parsed scenario end to end: composes its bundle set in a fresh container, builds a
 * kernel for its machine, bridges the slots, runs, and tears everything down.
 */
public final class ScenarioSession {
  private final Launch launch;

  public ScenarioSession(Launch launch) {
    this.launch = launch;
  }

  /** The outcome plus what the container reported about bundles, and the interleaving that ran. */
  public record Outcome(
      RunResult result,
      List<String> bundleProblems,
      List<BundleInfo> bundles,
      List<TraceEntry> trace) {}

  public Outcome run(Scenario scenario, RunOptions options, Path deployDir) {
    return run(scenario, options, deployDir, null);
  }

  /**
   * Runs the scenario; with {@code replay} (a choice sequence from a replay token) its concurrent
   * tasks interleave exactly as that token says.
   */
  public Outcome run(Scenario scenario, RunOptions options, Path deployDir, int[] replay) {
    return run(scenario, options, deployDir, replay, null, null);
  }

  /**
   * Runs the scenario held by {@code gate} at every step boundary and at its end (the shell);
   * {@code booted} hears of the container once it is up.
   */
  public Outcome runGated(
      Scenario scenario,
      RunOptions options,
      Path deployDir,
      StepGate gate,
      java.util.function.Consumer<Container> booted) {
    return run(scenario, options, deployDir, null, gate, booted);
  }

  private Outcome run(
      Scenario scenario,
      RunOptions options,
      Path deployDir,
      int[] replay,
      StepGate gate,
      java.util.function.Consumer<Container> booted) {
    BundleSelection sel = scenario.bundles();
    BundleSet set = null;
    List<String> names;
    try {
      if (sel.setName() != null) {
        set = launch.sets().get(sel.setName());
        names = set.bundles();
      } else {
        names = sel.bundles();
      }
      for (String n : names) {
        launch.bundleJar(n);
      }
    } catch (ContainerException e) {
      throw new BadInputException(sel.where(), e.getMessage());
    }
    ReplayScheduler[] sched = new ReplayScheduler[1];
    Outcome outcome;
    try (Container container = launch.boot(names, deployDir)) {
      if (booted != null) {
        booted.accept(container);
      }
      outcome =
          runOn(
              container,
              set,
              replay == null ? scenario : scenario.forExploration(),
              options,
              replay == null
                  ? null
                  : kernel -> {
                    sched[0] = new ReplayScheduler(replay, () -> stateHash(kernel));
                    return sched[0];
                  },
              gate);
    }
    String misfit = sched[0] == null ? null : sched[0].misfit();
    if (misfit != null) {
      throw new BadInputException(
          new Location(scenario.file(), 1, 1),
          "--replay: the token does not fit this scenario: " + misfit);
    }
    return outcome;
  }

  /**
   * The scenario's fingerprint as replay tokens carry it: its name and the kinds of its steps in
   * order, so that a token found on one scenario is refused on another.
   */
  public static int fingerprint(Scenario scenario) {
    long h = scenario.name().hashCode();
    for (org.kmodel.kernel.scenario.model.Step s :
        org.kmodel.kernel.scenario.op.Operations.flatten(scenario.steps())) {
      h = h * 1_000_003L + s.getClass().getSimpleName().hashCode();
    }
    return ReplayToken.fingerprint(h);
  }

  /** Boots the scenario's bundle set once and explores the interleavings of its tasks. */
  public Explorer.Report explore(Scenario scenario, boolean all, long maxExecutions) {
    return explore(scenario, all, maxExecutions, 1);
  }

  /**
   * As {@link #explore(Scenario, boolean, long)}, with {@code jobs} executions at a time, each on
   * its own kernel and bridge in the one container; the report is the same for every {@code jobs}.
   */
  public Explorer.Report explore(Scenario scenario, boolean all, long maxExecutions, int jobs) {
    return explore(scenario, all, maxExecutions, jobs, Explorer.Mode.PLAIN);
  }

  /** As {@link #explore(Scenario, boolean, long, int)}, searching as {@code mode} says. */
  public Explorer.Report explore(
      Scenario scenario, boolean all, long maxExecutions, int jobs, Explorer.Mode mode) {
    BundleSet set = resolveSet(scenario);
    List<String> names = set != null ? set.bundles() : scenario.bundles().bundles();
    try (Container container = launch.boot(names, null);
        Executions executions = new Executions(container, set, scenario)) {
      List<Executions> helpers = new java.util.ArrayList<>();
      try {
        for (int i = 1; i < jobs; i++) {
          helpers.add(new Executions(container, set, scenario));
        }
        return new Explorer(executions, helpers, fingerprint(scenario), planned(scenario))
            .explore(all, maxExecutions, mode);
      } finally {
        helpers.forEach(Executions::close);
      }
    }
  }

  /**
   * Each task's scenario steps as the trace names their origin ({@code op line:column}): the
   * top-level steps under {@code scenario}, those of each task of a {@code tasks} step under its
   * name.
   */
  static java.util.Map<String, List<String>> planned(Scenario scenario) {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    plan("scenario", scenario.steps(), out);
    return out;
  }

  private static void plan(
      String task,
      List<org.kmodel.kernel.scenario.model.Step> steps,
      java.util.Map<String, List<String>> out) {
    List<String> origins = out.computeIfAbsent(task, t -> new java.util.ArrayList<>());
    for (org.kmodel.kernel.scenario.model.Step s : steps) {
      origins.add(s.op() + " " + s.where().line() + ":" + s.where().column());
      if (s instanceof org.kmodel.kernel.scenario.model.Tasks t) {
        t.tasks().forEach((name, list) -> plan(name, list, out));
      }
    }
  }

  /**
   * The explorer's executions of one scenario on a container that is up: each runs on a fresh
   * kernel under a prefix of scheduling choices, event logging off. What every execution shares —
   * the pinned scenario, the kernel's configuration, the bridge to the plugins — is made once.
   * Close it before the container.
   */
  public static final class Executions implements Execution, AutoCloseable {
    private static final RunOptions OPTIONS = RunOptions.defaults().withDebugVm(false);

    private final Container container;
    private final Scenario scenario;
    private final Scenario pinned;
    private final KernelConfig config;
    private final SlotBridge bridge;
    private final org.kmodel.kernel.explore.Visibility visibility;

    /**
     * @param set the set the container runs, for its slot pins, or {@code null}
     * @throws BadInputException when the scenario's machine names a malformed CPU profile or
     *     buddyinfo
     */
    public Executions(Container container, BundleSet set, Scenario scenario) {
      this.container = container;
      this.scenario = scenario;
      this.pinned = pinned(set, scenario);
      this.config = MachineConfig.of(scenario.forExploration(), cpuProfiles());
      this.bridge = container.bridge();
      this.visibility =
          org.kmodel.kernel.explore.Visibility.ofMetrics(
              scenario.always().stream().map(e -> e.metric()).toList());
    }

    @Override
    public Execution.Outcome run(int[] prefix, Execution.Steer steer) {
      ReplayScheduler[] sched = new ReplayScheduler[1];
      Run r =
          runKernel(
              container,
              bridge,
              scenario,
              pinned,
              config,
              OPTIONS,
              kernel -> {
                kernel.events().setLogging(false);
                sched[0] = new ReplayScheduler(prefix, () -> stateHash(kernel), steer, visibility);
                return sched[0];
              },
              null);
      List<Execution.Finding> findings = new java.util.ArrayList<>();
      for (org.kmodel.kernel.event.Event e : r.result().events()) {
        Object kind = e.data().get("kind");
        if (e.type().equals("violation")) {
          Object predicate = e.data().get("predicate");
          findings.add(
              new Execution.Finding(
                  kind == null ? "invariant" : kind.toString(),
                  e.message(),
                  predicate == null ? null : predicate.toString()));
        } else if (e.type().equals("failure") && "expect".equals(kind)) {
          findings.add(new Execution.Finding("expect", e.message()));
        }
      }
      return new Execution.Outcome(
          sched[0].points(), findings, r.trace(), r.finalState(), sched[0].events());
    }

    @Override
    public void close() {
      bridge.close();
    }
  }

  /** CPU profiles: {@code conf/cpu/} of the kmodel home, then those built into the kernel. */
  public static CpuProfiles cpuProfiles() {
    return new CpuProfiles(List.of(KmodelHome.locate().conf().resolve("cpu")));
  }

  /**
   * The state a run ended in, as the explorer counts distinct ones: the filesystem's state hash
   * combined with the kernel's vmstat counters and meminfo.
   */
  private static long finalState(Kernel kernel, RunResult result) {
    long h = kernel.fs().fs() == null ? 0 : kernel.fs().fs().stateHash();
    h = h * 1_000_003L + result.vmstat().hashCode();
    return h * 1_000_003L + result.meminfo().hashCode();
  }

  /** The state the explorer prunes by: the filesystem's state and how far each task has got. */
  private static long stateHash(Kernel kernel) {
    long h = kernel.fs().fs() == null ? 0 : kernel.fs().fs().stateHash();
    for (org.kmodel.kernel.sim.Task t : kernel.engine().tasks()) {
      if (!t.daemon()) {
        h = h * 1_000_003L + t.name().hashCode() * 31L + t.stepsRun();
      }
    }
    return h;
  }

  private BundleSet resolveSet(Scenario scenario) {
    BundleSelection sel = scenario.bundles();
    try {
      return sel.setName() != null ? launch.sets().get(sel.setName()) : null;
    } catch (ContainerException e) {
      throw new BadInputException(sel.where(), e.getMessage());
    }
  }

  /**
   * Runs a scenario on a container that is already up (the test kit's per-class container); the
   * scenario's {@code bundles:} key is not consulted, its slot pins are.
   *
   * @param set the set the container runs, for its slot pins, or {@code null}
   */
  public static Outcome runOn(
      Container container, BundleSet set, Scenario scenario, RunOptions options) {
    return runOn(container, set, scenario, options, null);
  }

  /**
   * As {@link #runOn(Container, BundleSet, Scenario, RunOptions)}, with a scheduler made for the
   * fresh kernel ({@code null}: the one the options choose).
   */
  public static Outcome runOn(
      Container container,
      BundleSet set,
      Scenario scenario,
      RunOptions options,
      java.util.function.Function<Kernel, Scheduler> scheduler) {
    return runOn(container, set, scenario, options, scheduler, null);
  }

  private static Outcome runOn(
      Container container,
      BundleSet set,
      Scenario scenario,
      RunOptions options,
      java.util.function.Function<Kernel, Scheduler> scheduler,
      StepGate gate) {
    Scenario pinned = pinned(set, scenario);
    KernelConfig config = MachineConfig.of(scenario, cpuProfiles());
    Run r;
    try (SlotBridge bridge = container.bridge()) {
      r = runKernel(container, bridge, scenario, pinned, config, options, scheduler, gate);
    }
    return new Outcome(r.result(), container.problems(), container.bundles(), r.trace());
  }

  /**
   * One kernel's run: its result, the interleaving that ran, and a hash of the state it ended in
   * (see {@link #finalState}).
   */
  private record Run(RunResult result, List<TraceEntry> trace, long finalState) {}

  /** The scenario with its slot pins merged with the bundle set's ({@link Launch#pins}). */
  private static Scenario pinned(BundleSet set, Scenario scenario) {
    return new Scenario(
        scenario.name(),
        scenario.description(),
        scenario.seed(),
        scenario.bundles(),
        Launch.pins(set, scenario.slots()),
        scenario.machine(),
        scenario.boot(),
        scenario.knobs(),
        scenario.steps(),
        scenario.file(),
        scenario.sites(),
        scenario.always());
  }

  /** Runs the pinned scenario on a fresh kernel attached to {@code bridge} for the run. */
  private static Run runKernel(
      Container container,
      SlotBridge bridge,
      Scenario scenario,
      Scenario pinned,
      KernelConfig config,
      RunOptions options,
      java.util.function.Function<Kernel, Scheduler> scheduler,
      StepGate gate) {
    Kernel kernel;
    try {
      kernel = Kernel.assemble(config);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(scenario.machine().where(), e.getMessage());
    }
    container.problems().forEach(p -> kernel.events().record("bundle", p));
    try (Container.Registration problems =
        container.onProblem(p -> kernel.events().record("bundle", p))) {
      bridge.attach(kernel.slots());
      try {
        ScenarioRunner runner = new ScenarioRunner(kernel, options);
        if (scheduler != null) {
          runner.withScheduler(scheduler.apply(kernel));
        }
        if (gate != null) {
          runner.withGate(gate);
        }
        RunResult result = runner.run(pinned);
        Run run = new Run(result, runner.trace(), finalState(kernel, result));
        kernel.shutdown();
        return run;
      } finally {
        bridge.detach();
      }
    }
  }
}
