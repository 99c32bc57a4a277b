package org.kmodel.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kmodel.container.BundleSet;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.container.osgi.Container;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.explore.Execution;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code kmodel explore} pays per interleaving, on the Btrfs race A scenario (Linux 4.7's
 * relocation race, under reloc-wait-reservations): {@link #execution} runs one execution — a fresh
 * kernel bridged to the container's plugins, the scenario under the first interleaving — on a
 * container booted once; {@link #exploreAll} runs the whole exploration of its 211 interleavings on
 * that container.
 *
 * <p>It needs a built kmodel home: {@code -Dkmodel.home}, {@code KMODEL_HOME}, else {@code
 * distribution/target/kmodel} under the working directory (run.sh runs from the repository root);
 * and the API jar before the shaded one on the class path, since the container exports the API
 * packages its manifest lists ({@code run.sh} puts it there). To compare two builds, put a home's
 * {@code lib/*} first instead: its kernel and container then run.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ExploreBenchmark {
  private static final String SCENARIO = "scenarios/btrfs/race-a-wait-reservations.yaml";

  /**
   * The cost mode the executions run in: {@code off} is what {@code kmodel explore} uses for a
   * scenario that names none (this one), {@code exact} what it cost before explore turned costs off
   * ({@code --cost exact}).
   */
  @Param({"off", "exact"})
  String cost;

  private Container container;
  private ScenarioSession.Executions executions;
  private final int[] first = new int[0];

  @Setup(Level.Trial)
  public void boot() throws Exception {
    KmodelHome home = KmodelHome.locate();
    if (!Files.isRegularFile(home.root().resolve(SCENARIO))) {
      home = new KmodelHome(Path.of("distribution/target/kmodel").toAbsolutePath());
    }
    Launch launch = new Launch(home.verify());
    CostMode mode = CostMode.parse(cost);
    if (mode == null) {
      throw new IllegalArgumentException("cost=" + cost + ": expected " + CostMode.choices());
    }
    Scenario parsed = Operations.parser().parse(home.root().resolve(SCENARIO));
    Scenario scenario = parsed.withMachine(parsed.machine().withCost(mode));
    BundleSet set = launch.sets().get(scenario.bundles().setName());
    System.setProperty(KmodelHome.PROPERTY, home.root().toString());
    container = launch.boot(set.bundles(), null);
    executions = new ScenarioSession.Executions(container, set, scenario);
  }

  @TearDown(Level.Trial)
  public void shutdown() {
    executions.close();
    container.close();
  }

  /** One execution, the first interleaving. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Execution.Outcome execution() {
    return executions.run(first);
  }

  /** Every interleaving, as {@code kmodel explore --all} covers them, less the container's boot. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Explorer.Report exploreAll() {
    return new Explorer(executions).explore(true, Long.MAX_VALUE);
  }
}
