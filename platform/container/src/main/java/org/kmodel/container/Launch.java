package org.kmodel.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kmodel.container.osgi.Container;

/**
 * Resolves bundle names to jars of a {@link KmodelHome} and boots containers from them: the system
 * bundles always, then the plugin bundles a set or a scenario names. One launch may boot several
 * containers at once: each has a storage directory of its own.
 */
public final class Launch {
  private final KmodelHome home;
  private BundleSets sets;

  public Launch(KmodelHome home) {
    this.home = home.verify();
  }

  public KmodelHome home() {
    return home;
  }

  /** Loaded once, on first use; {@code kmodel compare} asks from several variants' threads. */
  public synchronized BundleSets sets() {
    if (sets == null) {
      sets = BundleSets.load(home.bundleSetsFile());
    }
    return sets;
  }

  /** The plugin jar for a bundle name ({@code bundles/NAME.jar}). */
  public Path bundleJar(String name) {
    Path jar = home.bundles().resolve(name + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new ContainerException(
          "unknown bundle '"
              + name
              + "': no "
              + home.root().relativize(jar)
              + " (available: "
              + String.join(", ", availableBundles())
              + ")");
    }
    return jar;
  }

  /** Names of the plugin bundles in {@code bundles/}. */
  public List<String> availableBundles() {
    return jarsIn(home.bundles()).stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.jar$", ""))
        .toList();
  }

  /** Boots a container with the system bundles and the named plugin bundles. */
  public Container boot(List<String> bundleNames, Path deployDir) {
    List<Path> plugins = new ArrayList<>();
    for (String name : bundleNames) {
      plugins.add(bundleJar(name));
    }
    if (deployDir != null) {
      try {
        Files.createDirectories(deployDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Container.start(systemBundleJars(), plugins, deployDir, 200);
  }

  /** The infrastructure bundles every container starts (SCR, FileInstall and their needs). */
  public List<Path> systemBundleJars() {
    return jarsIn(home.systemBundles());
  }

  /** Slot pins of a set merged under a scenario's own (the scenario wins). */
  public static Map<String, String> pins(BundleSet set, Map<String, String> scenarioPins) {
    Map<String, String> out = new LinkedHashMap<>();
    if (set != null) {
      out.putAll(set.slots());
    }
    out.putAll(scenarioPins);
    return out;
  }

  private static List<Path> jarsIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
