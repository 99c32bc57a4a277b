package org.kmodel.container;

import java.nio.file.Path;
import java.util.List;
import org.kmodel.container.osgi.Container;
import org.kmodel.container.osgi.SlotBridge;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.run.BadInputException;
import org.kmodel.kernel.run.MachineConfig;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.run.ScenarioRunner;
import org.kmodel.kernel.scenario.BundleSelection;
import org.kmodel.kernel.scenario.Scenario;

/**
 * Runs one parsed scenario end to end: composes its bundle set in a fresh container, builds a
 * kernel for its machine, bridges the slots, runs, and tears everything down.
 */
public final class ScenarioSession {
  private final Launch launch;

  public ScenarioSession(Launch launch) {
    this.launch = launch;
  }

  /** The outcome plus what the container reported about bundles. */
  public record Outcome(RunResult result, List<String> bundleProblems, List<BundleInfo> bundles) {}

  public Outcome run(Scenario scenario, RunOptions options, Path deployDir) {
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
    try (Container container = launch.boot(names, deployDir)) {
      return runOn(container, set, scenario, options);
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
    Scenario pinned =
        new Scenario(
            scenario.name(),
            scenario.description(),
            scenario.seed(),
            scenario.bundles(),
            Launch.pins(set, scenario.slots()),
            scenario.machine(),
            scenario.boot(),
            scenario.knobs(),
            scenario.steps(),
            scenario.file());
    Kernel kernel;
    try {
      kernel = Kernel.create(MachineConfig.of(scenario));
    } catch (com.google.inject.ProvisionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BadInputException(scenario.machine().where(), cause.getMessage());
    }
    container.problems().forEach(p -> kernel.events().record("bundle", p));
    RunResult result;
    try (Container.Registration problems =
            container.onProblem(p -> kernel.events().record("bundle", p));
        SlotBridge bridge = container.bind(kernel)) {
      result = new ScenarioRunner(kernel, options).run(pinned);
      kernel.shutdown();
    }
    return new Outcome(result, container.problems(), container.bundles());
  }
}
