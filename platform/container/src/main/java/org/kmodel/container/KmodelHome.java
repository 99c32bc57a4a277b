package org.kmodel.container;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory layout of an installed kmodel: {@code bundles/} (plugin bundles by name), {@code
 * bundles/system/} (infrastructure bundles every container starts), {@code conf/} (bundle sets),
 * {@code deploy/} (hot deployment), {@code scenarios/}.
 */
public record KmodelHome(Path root) {

  /** System property naming the home directory. */
  public static final String PROPERTY = "kmodel.home";

  /** The home named by {@code -Dkmodel.home} or {@code KMODEL_HOME}, else the working directory. */
  public static KmodelHome locate() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("KMODEL_HOME");
    }
    return new KmodelHome(Path.of(dir == null || dir.isBlank() ? "." : dir).toAbsolutePath());
  }

  public Path bundles() {
    return root.resolve("bundles");
  }

  public Path systemBundles() {
    return bundles().resolve("system");
  }

  public Path conf() {
    return root.resolve("conf");
  }

  public Path bundleSetsFile() {
    return conf().resolve("bundle-sets.yaml");
  }

  /** SLF4J simple logger settings; the launcher keeps {@code conf/} off the class path (AppCDS). */
  public Path loggingConf() {
    return conf().resolve("simplelogger.properties");
  }

  public Path deploy() {
    return root.resolve("deploy");
  }

  public Path scenarios() {
    return root.resolve("scenarios");
  }

  /** Fails with a clear message when this does not look like a kmodel home. */
  public KmodelHome verify() {
    if (!Files.isDirectory(systemBundles()) || !Files.isRegularFile(bundleSetsFile())) {
      throw new ContainerException(
          "not a kmodel home: "
              + root
              + " (expected bundles/system/ and conf/bundle-sets.yaml; set -D"
              + PROPERTY
              + " or KMODEL_HOME)");
    }
    return this;
  }
}
