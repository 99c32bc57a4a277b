package org.kmodel.kernel.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.scenario.model.Balance;
import org.kmodel.kernel.scenario.model.CancelBalance;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Mkfs;
import org.kmodel.kernel.scenario.model.Phase;
import org.kmodel.kernel.scenario.model.Relocate;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.SetKnobs;
import org.kmodel.kernel.scenario.model.Sleep;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Swap;
import org.kmodel.kernel.scenario.model.Tasks;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.Scheduler;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;
import org.kmodel.kernel.slot.PluginProvider;
import org.kmodel.kernel.slot.PluginSlot;
import org.kmodel.kernel.slot.Slots;

/**
 * Runs a parsed scenario on a kernel: boot-time slot pins and knob writes, then the steps as one
 * task of the simulation engine.
 *
 * <p>Between two steps (the engine's boundary hook) queued plugin swaps are applied, and the slots
 * the next step needs are checked: an empty one pauses the run — recorded as a {@code pause} event
 * naming the slot — until a bundle fills it or {@link RunOptions#slotWaitMillis()} passes.
 *
 * <p>A step that fails (EINVAL on a knob, ENOMEM, an expectation that does not hold) is recorded
 * and the run goes on, so one run reports every failure. Bad input — an unknown knob, metric or
 * implementation — stops the run. A plugin that throws is evicted from its slot and the step fails;
 * the run goes on with the next best implementation.
 */
public final class ScenarioRunner {
  private final Kernel kernel;
  private final RunOptions options;
  private final Metrics metrics;
  private final MemorySteps memorySteps;
  private final FsSteps fsSteps;
  private final List<org.kmodel.kernel.explore.TraceEntry> trace = new ArrayList<>();
  private Scheduler scheduler;
  private final org.kmodel.kernel.mm.DebugVm debugVm;
  private int stepIndex;
  private final List<Failure> failures = new ArrayList<>();
  private final List<PhaseRecord> phases = new ArrayList<>();
  private BadInputException badInput;
  private String phaseName;
  private long phaseStart;
  private long phaseSteps;
  private PhaseCosts phaseCosts;

  public ScenarioRunner(Kernel kernel, RunOptions options) {
    this.kernel = kernel;
    this.options = options;
    this.metrics = new Metrics(kernel);
    this.memorySteps = new MemorySteps(kernel);
    this.fsSteps = new FsSteps(kernel.fs());
    this.debugVm = new org.kmodel.kernel.mm.DebugVm(kernel.mm());
  }

  /** Uses this scheduler instead of the one the options choose (the explorer's replay). */
  public ScenarioRunner withScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
    return this;
  }

  /** Every step run so far, by task: the interleaving of this run. */
  public List<org.kmodel.kernel.explore.TraceEntry> trace() {
    return List.copyOf(trace);
  }

  public RunResult run(Scenario scenario) {
    memorySteps.setSeed(scenario.seed());
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
            trace.add(new org.kmodel.kernel.explore.TraceEntry(task.name(), step.describe()));
          }
        });
    try {
      boot(scenario);
      if (badInput == null && failures.isEmpty()) {
        engine.spawn(new ScenarioTask("scenario", scenario.steps()));
        engine.setBoundaryHook(this::beforeStep);
        Engine.Outcome outcome = engine.run();
        if (outcome == Engine.Outcome.DEADLOCK) {
          String message = "deadlock: no task can run; blocked: " + engine.blockedForegroundTasks();
          kernel.events().record("violation", message);
          fail(null, message);
        }
      }
    } catch (BadInputException e) {
      badInput = e;
    }
    if (badInput != null) {
      fail(badInput.where(), badInput.getMessage());
    }
    closePhase();
    CostModel cost = kernel.cost();
    Map<String, String> shown = new LinkedHashMap<>();
    for (String path : options.show()) {
      String content = metrics.cat(path);
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
        cost.totals(),
        machineReport());
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

  private void boot(Scenario scenario) {
    scenario.slots().forEach((id, name) -> kernel.slots().pin(Slots.byId(id), name, "scenario"));
    kernel.slots().applyPending();
    if (usesMemory(scenario.steps()) && !awaitSlots(kernel.memorySlots(), null)) {
      return;
    }
    if (kernel.bootProblem() != null) {
      throw new BadInputException(scenario.machine().where(), kernel.bootProblem());
    }
    for (KnobWrite w : scenario.knobs()) {
      writeKnob(w);
    }
  }

  private boolean beforeStep(Task task, SimStep next) {
    kernel.slots().applyPending();
    if (next instanceof StepAdapter s && needsMemory(s.step)) {
      if (!awaitSlots(kernel.memorySlots(), s.step.where())) {
        return false;
      }
    }
    if (next instanceof StepAdapter s && s.step instanceof Mkfs) {
      if (!awaitSlots(List.of(FileSystemType.SLOT), s.step.where())) {
        return false;
      }
    }
    if (next instanceof FsStepAdapter f
        && (f.origin instanceof Relocate || f.origin instanceof Balance)
        && !awaitSlots(List.of(RelocationStrategy.SLOT), f.origin.where())) {
      return false;
    }
    return badInput == null;
  }

  private static boolean needsMemory(Step step) {
    return MemorySteps.handles(step);
  }

  private static boolean usesMemory(List<Step> steps) {
    for (Step s : steps) {
      if (needsMemory(s)
          || (s instanceof Tasks t && t.tasks().values().stream().anyMatch(l -> usesMemory(l)))) {
        return true;
      }
    }
    return false;
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
                + "' is empty: no active bundle provides "
                + empty.serviceType().getName()
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
            String refusal = kernel.slots().refusal(still);
            fail(
                where,
                "slot '"
                    + still.id()
                    + "' stayed empty: "
                    + (refusal != null
                        ? "refused " + refusal
                        : "no bundle provides " + still.serviceType().getName()));
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

  private void execute(Step step, ScenarioTask task) {
    try {
      dispatch(step, task);
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
      kernel.clock().advance(kernel.cost().drainNanos());
    }
  }

  private void dispatch(Step step, ScenarioTask task) {
    stepIndex++;
    if (!(step instanceof Phase)) {
      phaseSteps++;
    }
    if (MemorySteps.handles(step)) {
      String failure = memorySteps.run(step, stepIndex);
      if (failure != null) {
        fail(step.where(), failure);
      }
    } else if (step instanceof SetKnobs s) {
      s.writes().forEach(this::writeKnob);
    } else if (step instanceof Swap s) {
      swap(s);
    } else if (step instanceof Expect e) {
      e.expectations().forEach(this::check);
    } else if (step instanceof Sleep s) {
      task.sleepUntil(kernel.clock().nowNanos() + s.nanos());
    } else if (step instanceof org.kmodel.kernel.scenario.model.Khugepaged k) {
      org.kmodel.kernel.mm.Khugepaged daemon = kernel.mm().khugepaged();
      if (daemon == null) {
        throw new BadInputException(
            step.where(),
            "khugepaged does not run: the architecture has no transparent huge pages");
      }
      long target = daemon.fullScans() + k.fullScans();
      task.waitFor(() -> daemon.fullScans() >= target, "khugepaged full_scans >= " + target);
    } else if (step instanceof Mkfs m) {
      if (!kernel.fs().mkfs(m.deviceBytes(), m.dataChunkBytes(), m.metadataChunkBytes())) {
        fail(step.where(), "mkfs: the filesystem slot is empty");
      }
    } else if (step instanceof CancelBalance) {
      if (kernel.fs().fs() != null) {
        kernel.fs().fs().cancelBalance();
      }
    } else if (step instanceof Tasks t) {
      List<ScenarioTask> children = new ArrayList<>();
      for (Map.Entry<String, List<Step>> e : t.tasks().entrySet()) {
        ScenarioTask child = new ScenarioTask(e.getKey(), e.getValue());
        children.add(child);
        kernel.engine().spawn(child);
      }
      task.waitFor(
          () -> children.stream().allMatch(Task::finished),
          "tasks " + String.join(", ", t.tasks().keySet()));
    } else if (step instanceof Phase p) {
      closePhase();
      phaseName = p.name();
      phaseStart = kernel.clock().nowNanos();
      phaseSteps = 0;
      phaseCosts = kernel.cost().totals();
      kernel.events().record("phase", "phase '" + p.name() + "' starts");
    } else {
      throw new IllegalStateException("no handler for op " + step.op());
    }
  }

  private void writeKnob(KnobWrite w) {
    Knob k = kernel.knobTree().find(w.path());
    if (k == null) {
      throw new BadInputException(w.where(), Metrics.unknownKnob(kernel, w.path()));
    }
    try {
      k.write(w.value());
      kernel
          .events()
          .record(
              "knob", w.path() + " = " + k.value(), Map.of("path", w.path(), "value", k.value()));
    } catch (KnobException e) {
      fail(
          w.where(),
          "echo "
              + w.value()
              + " > "
              + w.path()
              + ": "
              + e.errno().describe()
              + " ("
              + e.errno()
              + "): "
              + e.getMessage());
    }
  }

  private void swap(Swap s) {
    SlotId<?> slot = Slots.byId(s.slot());
    PluginSlot<?> holder = kernel.slots().slot(slot);
    String refusal = kernel.slots().pin(slot, s.to(), "swap step at " + s.where());
    if (refusal != null) {
      fail(s.where(), "swap of " + slot.id() + " to " + s.to() + " refused: " + refusal);
      return;
    }
    long deadline = System.nanoTime() + s.waitMillis() * 1_000_000L;
    try {
      while (!answers(holder.provider(), s.to())) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || !kernel.slots().awaitUpdates(left)) {
          if (answers(holder.provider(), s.to())) {
            break;
          }
          List<String> offered =
              kernel.slots().offered(slot).stream().map(PluginProvider::describe).toList();
          throw new BadInputException(
              s.where(),
              "no implementation named '"
                  + s.to()
                  + "' for slot "
                  + slot.id()
                  + (s.waitMillis() > 0 ? " appeared within " + s.waitMillis() + " ms" : "")
                  + " (offered: "
                  + (offered.isEmpty() ? "none" : String.join(", ", offered))
                  + ")");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInputException(s.where(), "interrupted while waiting for " + s.to());
    }
  }

  private static boolean answers(PluginProvider p, String name) {
    return p != null && p.answersTo(name);
  }

  private void check(Expectation x) {
    Object actual;
    try {
      actual = metrics.resolve(x.metric(), x.where());
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      isolate(e, x.where(), "reading " + x.metric());
      return;
    }
    if (!x.expected().test(actual)) {
      fail(x.where(), "expected " + x.metric() + " " + x.expected() + ", got " + actual);
    }
  }

  private void fail(Location where, String message) {
    Failure f = new Failure(where == null ? "" : where.toString(), message);
    failures.add(f);
    Map<String, Object> data = where == null ? Map.of() : Map.of("where", where.toString());
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
  }

  /** One step of a filesystem task, started by the scenario op {@code origin}. */
  private final class FsStepAdapter implements SimStep {
    private final org.kmodel.api.fs.FsStep step;
    private final Step origin;

    FsStepAdapter(org.kmodel.api.fs.FsStep step, Step origin) {
      this.step = step;
      this.origin = origin;
    }

    @Override
    public boolean ready() {
      return step.ready();
    }

    @Override
    public void run() {
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
      afterStep(origin);
    }

    @Override
    public String describe() {
      return step.describe();
    }
  }

  /** A scenario step as a guarded atomic step of the engine. */
  private final class StepAdapter implements SimStep {
    private final Step step;
    private final ScenarioTask task;

    StepAdapter(Step step, ScenarioTask task) {
      this.step = step;
      this.task = task;
    }

    @Override
    public void run() {
      execute(step, task);
      afterStep(step);
    }

    @Override
    public String describe() {
      return step.op() + " at " + step.where();
    }
  }

  /** The scenario's {@code steps:} as one task. */
  private final class ScenarioTask extends Task {
    private final List<Step> steps;
    private int next;
    private java.util.function.BooleanSupplier guard;
    private String guardName;

    private org.kmodel.api.fs.FsTask fsTask;
    private Step fsOrigin;

    ScenarioTask(String name, List<Step> steps) {
      super(name, false);
      this.steps = steps;
    }

    /** Makes the task wait, before its next step, until {@code condition} holds. */
    void waitFor(java.util.function.BooleanSupplier condition, String name) {
      guard = condition;
      guardName = name;
    }

    @Override
    protected SimStep nextStep() {
      if (guard != null) {
        java.util.function.BooleanSupplier g = guard;
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
          org.kmodel.api.fs.FsStep s = fsTask.next();
          if (s != null) {
            return new FsStepAdapter(s, fsOrigin);
          }
          fsTask = null;
        }
        if (next >= steps.size()) {
          return null;
        }
        Step step = steps.get(next++);
        if (!FsSteps.makesTask(step)) {
          return new StepAdapter(step, this);
        }
        try {
          fsTask = fsSteps.taskFor(step);
          fsOrigin = step;
        } catch (FsSteps.StepFailure e) {
          fail(step.where(), step.op() + " failed: " + e.getMessage());
        }
      }
    }
  }
}
