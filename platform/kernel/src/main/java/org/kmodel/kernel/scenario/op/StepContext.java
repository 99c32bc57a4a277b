package org.kmodel.kernel.scenario.op;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Step;

/**
 * What a running step may do besides acting on the kernel: report a failure, hold up its task, and
 * use the run's own services. Implemented by the scenario runner, one per scenario task.
 */
public interface StepContext {
  Kernel kernel();

  /** Records a failure at {@code where}; the run goes on, and will exit 1. */
  void fail(Location where, String message);

  /** Makes the task sleep until simulated time {@code nanos}; kernel threads run meanwhile. */
  void sleepUntil(long nanos);

  /** Makes the task wait, before its next step, until {@code condition} holds. */
  void waitFor(BooleanSupplier condition, String what);

  /** Runs each list of steps as a task of its own; this task waits until all have finished. */
  void runTasks(Map<String, List<Step>> tasks);

  /** Ends the current phase, if any, and starts one named {@code name}. */
  void startPhase(String name);

  /**
   * The figures of the phase named {@code name}: the running one's so far when it has that name,
   * else those of the last ended phase of that name; null when no phase of that name has started.
   */
  PhaseFigures phase(String name);

  /**
   * Handles a throwable raised while the step read the kernel's state: one from a plugin's code
   * fails the step and evicts the plugin; any other is rethrown.
   *
   * @param what what the step was doing, e.g. {@code reading vmstat.x}
   */
  void isolate(Throwable e, Location where, String what);

  /** A generator for this step's random choices: the same for the same seed and step. */
  SplittableRandom random();

  /**
   * Starts recording {@code metrics} every {@code everyNanos} of simulated time, from now until the
   * run ends.
   */
  void startSampling(Location where, long everyNanos, List<String> metrics);
}
