package org.kmodel.kernel.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.explore.TraceEntry;
import org.kmodel.kernel.mm.DebugVm;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.scenario.model.Create;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Swap;
import org.kmodel.kernel.scenario.op.Action;
import org.kmodel.kernel.scenario.op.Always;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.FsOperation;
import org.kmodel.kernel.scenario.op.KnobWriter;
import org.kmodel.kernel.scenario.op.MetricFamilies;
import org.kmodel.kernel.scenario.op.Needs;
import org.kmodel.kernel.scenario.op.Operation;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.op.PhaseFigures;
import org.kmodel.kernel.scenario.op.SizeChecks;
import org.kmodel.kernel.scenario.op.StepContext;
import org.kmodel.kernel.scenario.op.StepFailure;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.Scheduler;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;
import org.kmodel.kernel.slot.Slots;

/**
 * Runs a parsed scenario on a kernel: boot-time slot pins and knob writes, then the steps as one
 * task of the simulation engine.
 *
 * <p>What each op does is its handler's business ({@link Operations}); the runner sequences the
 * steps, gives them a {@link StepContext}, and keeps the run's bookkeeping: failures, phases, the
 * invariant checks after every step.
 *
 * <p>Between two steps (the engine's boundary hook) queued plugin swaps are applied, and the slots
 * the next step needs ({@link Operation#needs()}) are checked: an empty one pauses the run —
 * recorded as a {@code pause} event naming the slot — until a bundle fills it or {@link
 * RunOptions#slotWaitMillis()} passes.
 *
 * <p>A step that fails (EINVAL on a knob, ENOMEM, an expectation that does not hold) is recorded
 * and the run goes on, so one run reports every failure. Bad input — an unknown knob, metric or
 * implementation — stops the run. A plugin that throws is evicted from its slot and the step fails;
 * the run goes on with the next best implementation.
 */
public final class ScenarioRunner {
  private final Kernel kernel;
  private final RunOptions options;
  private final ProcFiles files;
  private final List<TraceEntry> trace = new ArrayList<>();
  private Scheduler scheduler;
  private final DebugVm debugVm;
  private long seed;
  private int stepIndex;
  private final List<Failure> failures = new ArrayList<>();
  private boolean limitReached;
  private final List<PhaseRecord> phases = new ArrayList<>();
  private BadInputException badInput;
  private String phaseName;
  private long phaseStart;
  private long phaseSteps;
  private PhaseCosts phaseCosts;
  private Sampler sampler;
  private StepGate gate;
  private Always always = new Always(List.of());
  private ScenarioTask root;
  private Task running;
  private String runningOp;

  public ScenarioRunner(Kernel kernel, RunOptions options) {
    this.kernel = kernel;
    this.options = options;
    this.files = new ProcFiles(kernel);
    this.debugVm = new DebugVm(kernel.mm());
  }

  /** Holds the run at each step boundary and at its end (the interactive shell). */
  public ScenarioRunner withGate(StepGate gate) {
    this.gate = gate;
    return this;
  }

  /** Uses this scheduler instead of the one the options choose (the explorer's replay). */
  public ScenarioRunner withScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
    return this;
  }

  /** Every step run so far, by task: the interleaving of this run. */
  public List<TraceEntry> trace() {
    return List.copyOf(trace);
  }

  /** The scenario step whose filesystem step runs now (workers it starts are checked as its). */
  private Step fsOrigin;

  public RunResult run(Scenario scenario) {
    seed = scenario.seed();
    Engine engine = kernel.engine();
    engine.setScheduler(
        scheduler != null
            ? scheduler
            : options.randomSchedule()
                ? Scheduler.seededRandom(scenario.seed())
                : Scheduler.inOrder());
    engine.setStepListener(
        (task, step) -> {
          if (!task.daemon()) {
            trace.add(new TraceEntry(task.name(), step.describe(), origin(step)));
          }
          if (sampler != null) {
            sampler.catchUp(kernel.clock().nowNanos());
          }
        });
    always = new Always(scenario.always());
    try {
      boot(scenario);
      if (badInput == null && failures.isEmpty()) {
        root = new ScenarioTask("scenario", scenario.steps());
        engine.spawn(root);
        kernel.fs().setSpawner((name, task) -> engine.spawn(new FsWorker(name, task, fsOrigin)));
        engine.setBoundaryHook(this::beforeStep);
        Engine.Outcome outcome = engine.run();
        if (outcome == Engine.Outcome.DEADLOCK) {
          String message = "deadlock: no task can run; blocked: " + engine.blockedForegroundTasks();
          kernel.events().record("violation", message, Map.of("kind", "deadlock"));
          fail(null, message);
        }
        if (gate != null) {
          gate.atEnd(kernel);
        }
      }
    } catch (BadInputException e) {
      badInput = e;
    }
    if (badInput != null) {
      badInput.problems().forEach(p -> fail(p.where(), p.message()));
    }
    closePhase();
    CostModel cost = kernel.cost();
    Map<String, String> shown = new LinkedHashMap<>();
    for (String path : options.show()) {
      String content = files.cat(path);
      shown.put(path, content == null ? "cat: " + path + ": No such file or directory\n" : content);
    }
    return new RunResult(
        scenario.name(),
        failures.isEmpty(),
        badInput != null,
        List.copyOf(failures),
        kernel.counters().snapshot(),
        kernel.meminfo(),
        kernel.events().events(),
        kernel.clock().nowNanos(),
        engine.stepsRun(),
        List.copyOf(phases),
        shown,
        kernel.fs().stats(),
        cost.profile() == null ? "" : cost.profile().name(),
        kernel.config().nestedHostPageSize(),
        cost.mode().label(),
        kernel.config().kernel().toString(),
        cost.totals(),
        machineReport(),
        limitReached,
        sampler == null ? Series.NONE : sampler.finish(kernel.clock().nowNanos()));
  }

  private MachineReport machineReport() {
    org.kmodel.kernel.mm.Machine m = kernel.machine();
    if (m == null) {
      return MachineReport.NONE;
    }
    return new MachineReport(
        m.arch,
        m.pageSize,
        m.pmdSize,
        m.geometry.levels().stream().map(l -> l.name()).toList(),
        kernel.cost().reach());
  }

  /**
   * Pins the scenario's slots, waits for the memory slots when a step needs them, then checks every
   * size against the pinned machine: all sizes that are not whole numbers of its base page (or of
   * the filesystem's sector) are bad input, reported at once. An architecture refused because the
   * machine's memory is not a whole number of its pages is not waited for: the memory size is the
   * problem to report. Metrics of {@code expect} that the kernel lacks are reported with them.
   */
  private void boot(Scenario scenario) {
    scenario.slots().forEach((id, name) -> kernel.slots().pin(Slots.byId(id), name, "scenario"));
    kernel.slots().applyPending();
    boolean misfit = kernel.machine() == null && kernel.basePage() != null;
    if (!misfit && usesMemory(scenario.steps()) && !awaitSlots(kernel.memorySlots(), null)) {
      return;
    }
    List<Problem> problems = new ArrayList<>(SizeChecks.check(scenario, kernel.basePage()));
    problems.addAll(
        MetricFamilies.missingAtBoot(scenario.steps(), kernel, countersComplete(scenario)));
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(Problem::where));
      throw new BadInputException(problems);
    }
    if (kernel.bootProblem() != null) {
      throw new BadInputException(scenario.machine().where(), kernel.bootProblem());
    }
    for (KnobWrite w : scenario.knobs()) {
      KnobWriter.write(kernel, w, this::fail);
    }
  }

  /**
   * Whether every vmstat counter the run will have is registered now: implementations register
   * theirs when they attach, so not while a memory slot is empty or when a {@code swap} step may
   * attach another.
   */
  private boolean countersComplete(Scenario scenario) {
    for (SlotId<?> id : kernel.memorySlots()) {
      if (kernel.slots().slot(id).isEmpty()) {
        return false;
      }
    }
    return Operations.flatten(scenario.steps()).stream().noneMatch(Swap.class::isInstance);
  }

  private boolean beforeStep(Task task, SimStep next) {
    long steps = kernel.engine().stepsRun();
    if (steps >= options.maxSteps() || kernel.clock().nowNanos() > options.maxSimulatedNanos()) {
      limitReached = true;
      fail(
          null,
          steps >= options.maxSteps()
              ? "the run stopped after " + steps + " steps, its budget (--max-steps raises it)"
              : "the run stopped at "
                  + org.kmodel.kernel.sim.SimClock.format(kernel.clock().nowNanos())
                  + " simulated, past its budget of "
                  + org.kmodel.kernel.sim.SimClock.format(options.maxSimulatedNanos())
                  + " (--max-time raises it)");
      return false;
    }
    if (gate != null && !gate.beforeStep(kernel, task.name(), task.daemon(), next.describe())) {
      fail(null, "the run was stopped from the shell");
      return false;
    }
    kernel.slots().applyPending();
    running = task;
    Step step =
        next instanceof StepAdapter s ? s.step : next instanceof FsStepAdapter f ? f.origin : null;
    if (step != null && !awaitSlots(Operations.of(step).needs().slots(kernel), step.where())) {
      return false;
    }
    return badInput == null;
  }

  /** Whether any step, in a task or not, needs the memory manager's slots. */
  private static boolean usesMemory(List<Step> steps) {
    return Operations.flatten(steps).stream()
        .anyMatch(s -> Operations.of(s).needs() == Needs.MEMORY);
  }

  /**
   * Waits for every slot in {@code need} to be filled; false (and a failure) when time runs out.
   */
  private boolean awaitSlots(List<SlotId<?>> need, Location where) {
    SlotId<?> empty = firstEmpty(need);
    if (empty == null) {
      return true;
    }
    kernel
        .events()
        .record(
            "pause",
            "slot '"
                + empty.id()
                + "' is empty: "
                + kernel.slots().whyEmpty(empty)
                + (options.slotWaitMillis() > 0
                    ? "; waiting up to "
                        + options.slotWaitMillis()
                        + " ms for one (deploy a bundle)"
                    : ""),
            Map.of("slot", empty.id()));
    long deadline = System.nanoTime() + options.slotWaitMillis() * 1_000_000L;
    try {
      while (firstEmpty(need) != null) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || !kernel.slots().awaitUpdates(left)) {
          SlotId<?> still = firstEmpty(need);
          if (still != null) {
            fail(
                where, "slot '" + still.id() + "' stayed empty: " + kernel.slots().whyEmpty(still));
            return false;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(where, "interrupted while waiting for slot '" + empty.id() + "'");
      return false;
    }
    kernel.events().record("resume", "slot '" + empty.id() + "' filled; the run goes on");
    return true;
  }

  private SlotId<?> firstEmpty(List<SlotId<?>> need) {
    for (SlotId<?> s : need) {
      if (kernel.slots().slot(s).isEmpty()) {
        return s;
      }
    }
    return null;
  }

  private void execute(Action<?> op, Step step, ScenarioTask task) {
    stepIndex++;
    if (op.counted()) {
      phaseSteps++;
    }
    runningOp = step.op();
    try {
      op.execute(step, task);
    } catch (MmException e) {
      fail(step.where(), step.op() + " failed: " + e.getMessage());
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      SlotId<?> culprit = culprit(e);
      if (culprit == null) {
        throw e;
      }
      String name = kernel.slots().slot(culprit).occupantName();
      fail(step.where(), step.op() + " failed: plugin " + name + " threw " + e);
      kernel.slots().evict(culprit, e.toString());
    } finally {
      runningOp = null;
      kernel.clock().advance(kernel.cost().drainNanos());
    }
  }

  private void startPhase(String name) {
    closePhase();
    phaseName = name;
    phaseStart = kernel.clock().nowNanos();
    phaseSteps = 0;
    phaseCosts = kernel.cost().totals();
    kernel.events().record("phase", "phase '" + name + "' starts");
  }

  private void fail(Location where, String message) {
    Failure f = new Failure(where == null ? "" : where.toString(), message);
    failures.add(f);
    Map<String, Object> data = new LinkedHashMap<>();
    if (where != null) {
      data.put("where", where.toString());
    }
    if ("expect".equals(runningOp)) {
      // The explorer reports a failed expectation as a violation of kind "expect".
      data.put("kind", "expect");
    }
    kernel.events().record("failure", f.toString(), data);
  }

  private void closePhase() {
    if (phaseName != null) {
      phases.add(
          new PhaseRecord(
              phaseName,
              phaseStart,
              kernel.clock().nowNanos(),
              phaseSteps,
              kernel.cost().totals().minus(phaseCosts)));
      phaseName = null;
    }
  }

  private PhaseFigures phase(String name) {
    if (name.equals(phaseName)) {
      return new PhaseFigures(
          phaseStart,
          kernel.clock().nowNanos(),
          phaseSteps,
          kernel.cost().totals().minus(phaseCosts));
    }
    for (int i = phases.size() - 1; i >= 0; i--) {
      PhaseRecord p = phases.get(i);
      if (p.name().equals(name)) {
        return new PhaseFigures(p.startNanos(), p.endNanos(), p.steps(), p.costs());
      }
    }
    return null;
  }

  /** A plugin threw outside a step: the work fails, the plugin is evicted, the run goes on. */
  private void isolate(Throwable e, Location where, String what) {
    SlotId<?> culprit = culprit(e);
    if (culprit == null) {
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw (LinkageError) e;
    }
    fail(
        where,
        what + " failed: plugin " + kernel.slots().slot(culprit).occupantName() + " threw " + e);
    kernel.slots().evict(culprit, e.toString());
  }

  /** The slot whose plugin code is on the exception's stack, or {@code null}. */
  private SlotId<?> culprit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        for (SlotId<?> s : Slots.ALL) {
          Plugin p = kernel.slots().slot(s).get();
          if (p != null && frame.getClassName().startsWith(p.getClass().getPackageName() + ".")) {
            return s;
          }
        }
      }
    }
    return null;
  }

  /** The invariant checks after every step: DEBUG_VM, then the filesystem's invariants. */
  private void afterStep(Step step) {
    if (options.debugVm()) {
      for (String v : debugVm.check()) {
        kernel.events().record("violation", v, Map.of("where", step.where().toString()));
        fail(step.where(), "DEBUG_VM after " + step.op() + ": " + v);
      }
    }
    List<String> fsViolations;
    try {
      fsViolations = kernel.fs().newViolations();
    } catch (RuntimeException | LinkageError e) {
      isolate(e, step.where(), "checking the filesystem's invariants");
      return;
    }
    for (String v : fsViolations) {
      kernel.events().record("violation", v, Map.of("where", step.where().toString()));
      fail(step.where(), v);
    }
    if (!always.isEmpty()) {
      checkAlways();
    }
  }

  /** The predicates of {@code always:} after the step that just ran (not yet in the trace). */
  private void checkAlways() {
    for (Always.Broken b : always.check(root)) {
      String label = running == null ? "" : running.peek().describe();
      int result = label.indexOf(" -> ");
      label = result < 0 ? label : label.substring(0, result);
      String message =
          "always "
              + b.predicate().metric()
              + " "
              + b.expected()
              + " broken after step "
              + (trace.size() + 1)
              + " ("
              + (running == null ? "" : running.name() + ": ")
              + (label.length() <= 50 ? label : label.substring(0, 47) + "...")
              + "), got "
              + b.actual();
      Location where = b.predicate().where();
      kernel
          .events()
          .record(
              "violation",
              message,
              Map.of(
                  "where",
                  where.toString(),
                  "kind",
                  "always",
                  "predicate",
                  b.predicate().metric() + " " + b.expected()));
      fail(where, message);
    }
  }

  /** The scenario step a step of the engine belongs to, as {@code op line:column}. */
  private static String origin(SimStep step) {
    Step s =
        step instanceof StepAdapter a ? a.step : step instanceof FsStepAdapter f ? f.origin : null;
    return s == null ? "" : s.op() + " " + s.where().line() + ":" + s.where().column();
  }

  /**
   * A worker the filesystem started (the end_io work of a write): a task of its own whose steps are
   * checked like those of the scenario step whose filesystem step started it.
   */
  private final class FsWorker extends Task {
    private final FsTask work;
    private final Step origin;

    FsWorker(String name, FsTask work, Step origin) {
      super(name, false);
      this.work = work;
      this.origin = origin;
    }

    @Override
    protected SimStep nextStep() {
      FsStep s = work.next();
      return s == null ? null : new FsStepAdapter(s, origin);
    }
  }

  /** One step of a filesystem task, started by the scenario op {@code origin}. */
  private final class FsStepAdapter implements SimStep {
    private final FsStep step;
    private final Step origin;

    FsStepAdapter(FsStep step, Step origin) {
      this.step = step;
      this.origin = origin;
    }

    @Override
    public boolean ready() {
      return step.ready();
    }

    @Override
    public void run() {
      fsOrigin = origin;
      try {
        step.run();
      } catch (RuntimeException | LinkageError e) {
        SlotId<?> culprit = culprit(e);
        if (culprit == null) {
          throw e;
        }
        fail(
            origin.where(),
            origin.op()
                + " failed: plugin "
                + kernel.slots().slot(culprit).occupantName()
                + " threw "
                + e);
        kernel.slots().evict(culprit, e.toString());
      }
      if (origin instanceof Create c) {
        always.created(c.file());
      }
      afterStep(origin);
    }

    @Override
    public String describe() {
      return step.describe();
    }

    @Override
    public org.kmodel.api.fs.Footprint footprint() {
      return step.footprint();
    }
  }

  /** A scenario step as a guarded atomic step of the engine. */
  private final class StepAdapter implements SimStep {
    private final Action<?> op;
    private final Step step;
    private final ScenarioTask task;

    StepAdapter(Action<?> op, Step step, ScenarioTask task) {
      this.op = op;
      this.step = step;
      this.task = task;
    }

    @Override
    public void run() {
      execute(op, step, task);
      afterStep(step);
    }

    @Override
    public String describe() {
      return step.op() + " at " + step.where();
    }
  }

  /** A list of steps as one task, and the context its steps run in. */
  /**
   * The last step of a task whose last scenario step was a sleep: the task ends when the sleep
   * does, so that the run's time and the kernel threads' work include it.
   */
  private static final SimStep SLEEP_ENDS =
      new SimStep() {
        @Override
        public void run() {}

        @Override
        public String describe() {
          return "end of sleep";
        }
      };

  private final class ScenarioTask extends Task implements StepContext {
    private final List<Step> steps;
    private int next;
    private BooleanSupplier guard;
    private String guardName;

    private FsTask fsTask;
    private Step fsOrigin;
    private long fsEnospc;
    private boolean fsFailsOnEnospc;

    ScenarioTask(String name, List<Step> steps) {
      super(name, false);
      this.steps = steps;
    }

    @Override
    public Kernel kernel() {
      return kernel;
    }

    @Override
    public void fail(Location where, String message) {
      ScenarioRunner.this.fail(where, message);
    }

    @Override
    public void waitFor(BooleanSupplier condition, String what) {
      guard = condition;
      guardName = what;
    }

    @Override
    public void runTasks(Map<String, List<Step>> tasks) {
      List<ScenarioTask> children = new ArrayList<>();
      tasks.forEach(
          (name, list) -> {
            ScenarioTask child = new ScenarioTask(name, list);
            children.add(child);
            kernel.engine().spawn(child);
          });
      waitFor(
          () -> children.stream().allMatch(Task::finished),
          "tasks " + String.join(", ", tasks.keySet()));
    }

    @Override
    public void startPhase(String name) {
      ScenarioRunner.this.startPhase(name);
    }

    @Override
    public PhaseFigures phase(String name) {
      return ScenarioRunner.this.phase(name);
    }

    @Override
    public void isolate(Throwable e, Location where, String what) {
      ScenarioRunner.this.isolate(e, where, what);
    }

    @Override
    public SplittableRandom random() {
      return new SplittableRandom(seed * 1_000_003L + stepIndex);
    }

    @Override
    public void startSampling(Location where, long everyNanos, List<String> metrics) {
      if (sampler != null) {
        throw new BadInputException(
            where, "a run samples once, and an earlier sample step started it already");
      }
      sampler = new Sampler(this, where, everyNanos, metrics, kernel.clock().nowNanos());
    }

    @Override
    protected SimStep nextStep() {
      if (guard != null) {
        BooleanSupplier g = guard;
        String name = guardName;
        guard = null;
        return new SimStep() {
          @Override
          public boolean ready() {
            return g.getAsBoolean();
          }

          @Override
          public void run() {}

          @Override
          public String describe() {
            return "wait for " + name;
          }
        };
      }
      while (true) {
        if (fsTask != null) {
          FsStep s = fsTask.next();
          if (s != null) {
            return new FsStepAdapter(s, fsOrigin);
          }
          fsTask = null;
          if (fsFailsOnEnospc && kernel.fs().enospcCount() > fsEnospc) {
            fail(
                fsOrigin.where(),
                fsOrigin.op() + " failed: ENOSPC (" + kernel.fs().lastEnospc() + ")");
          }
        }
        if (next >= steps.size()) {
          return wakeAt() > kernel.clock().nowNanos() ? SLEEP_ENDS : null;
        }
        Step step = steps.get(next++);
        Operation<?> op = Operations.of(step);
        if (!(op instanceof FsOperation<?> fsOp)) {
          return new StepAdapter((Action<?>) op, step, this);
        }
        try {
          fsEnospc = kernel.fs().enospcCount();
          fsFailsOnEnospc = fsOp.failsOnEnospc();
          fsTask = fsOp.taskFor(step, kernel.fs());
          fsOrigin = step;
        } catch (StepFailure e) {
          fail(step.where(), step.op() + " failed: " + e.getMessage());
        }
      }
    }
  }
}
