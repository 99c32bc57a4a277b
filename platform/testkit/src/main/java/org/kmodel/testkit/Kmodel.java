package org.kmodel.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.kmodel.container.BundleSet;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.container.osgi.Container;
import org.kmodel.container.osgi.SlotBridge;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.osgi.framework.Bundle;

/**
 * What a {@link KmodelTest} method receives: a running container with the class's bundle set, and
 * ways to make kernels on it, run scenario text, and deploy bundles — directly or through the
 * hot-deploy directory.
 */
public final class Kmodel implements AutoCloseable {
  private final Launch launch;
  private final BundleSet set;
  private final Container container;
  private final Path deployDir;
  private final Path workDir;
  private final List<AutoCloseable> perTest = new ArrayList<>();

  private Kmodel(Launch launch, BundleSet set, Container container, Path deployDir, Path workDir) {
    this.launch = launch;
    this.set = set;
    this.container = container;
    this.deployDir = deployDir;
    this.workDir = workDir;
  }

  static Kmodel boot(Launch launch, String setName, List<String> bundles, boolean deploy) {
    try {
      Path work = Files.createTempDirectory("kmodel-test-");
      Path deployDir = deploy ? Files.createDirectories(work.resolve("deploy")) : null;
      Container c =
          Container.start(launch.systemBundleJars(), jars(launch, bundles), deployDir, 50);
      return new Kmodel(launch, launch.sets().find(setName), c, deployDir, work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> jars(Launch launch, List<String> names) {
    return names.stream().map(launch::bundleJar).toList();
  }

  public Container container() {
    return container;
  }

  public Launch launch() {
    return launch;
  }

  /** The watched hot-deploy directory; only with {@code @KmodelTest(deploy = true)}. */
  public Path deployDir() {
    if (deployDir == null) {
      throw new IllegalStateException("use @KmodelTest(deploy = true) to watch a deploy directory");
    }
    return deployDir;
  }

  /**
   * A scratch directory that lives as long as the container (for throwaway bundles); removed when
   * the test class ends.
   */
  public Path workDir() {
    return workDir;
  }

  /**
   * A kernel for {@code memory} bytes of RAM whose slots are fed by this container and already
   * filled with what it offers now. Closed after the test method.
   */
  public Kernel kernel(long memory) {
    return kernel(new KernelConfig(memory, 0, "", 0));
  }

  public Kernel kernel(KernelConfig config) {
    Kernel k = Kernel.create(config);
    SlotBridge bridge = container.bind(k);
    k.slots().applyPending();
    perTest.add(
        () -> {
          k.shutdown();
          bridge.close();
        });
    return k;
  }

  /** Parses scenario text (reported as {@code name}) and runs it on this container. */
  public RunResult run(String name, String yaml) throws ScenarioException {
    return run(name, yaml, RunOptions.defaults());
  }

  public RunResult run(String name, String yaml, RunOptions options) throws ScenarioException {
    return ScenarioSession.runOn(container, set, Operations.parser().parse(name, yaml), options)
        .result();
  }

  /** Installs and starts a bundle now. */
  public Bundle deploy(Path jar) {
    return container.deploy(jar);
  }

  /** Copies a bundle into the watched deploy directory, as a user dropping it there would. */
  public Path hotDeploy(Path jar) {
    try {
      Path tmp = deployDir().resolve(jar.getFileName() + ".part");
      Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(
          tmp, deployDir().resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bundle problems the container reported (unresolvable imports, failing activators). */
  public List<String> problems() {
    return container.problems();
  }

  void closeKernels() {
    for (int i = perTest.size() - 1; i >= 0; i--) {
      try {
        perTest.get(i).close();
      } catch (Exception e) {
        throw new IllegalStateException("closing a test kernel failed", e);
      }
    }
    perTest.clear();
  }

  /** Stops the container and removes the scratch and deploy directories. */
  @Override
  public void close() {
    closeKernels();
    container.close();
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + workDir, e);
    }
  }
}
