package org.kmodel.container.osgi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Watches the deploy directory beside FileInstall, which logs its failures nowhere the user sees: a
 * jar that cannot become a bundle, or a deployed bundle that does not reach ACTIVE, is reported
 * once per version of the file (its size and modification time), through the container.
 *
 * <p>A file is judged only when it looks the same on two consecutive looks, so a jar still being
 * copied is not taken for a corrupt one.
 */
final class DeployAudit {
  /** What the audit asks of the container. */
  interface Sink {
    void installFailed(Path jar, String problem);

    void installable(Path jar);

    /** Starts a deployed bundle that is not active; a failure is reported there. */
    void start(Bundle b);
  }

  private final Path dir;
  private final BundleContext context;
  private final Sink sink;
  private final Map<Path, String> lastLook = new HashMap<>();
  private final Set<String> judged = new HashSet<>();

  DeployAudit(Path dir, BundleContext context, Sink sink) {
    this.dir = dir.toAbsolutePath().normalize();
    this.context = context;
    this.sink = sink;
  }

  /**
   * Looks at every jar once.
   *
   * @return whether every jar present has been judged
   */
  synchronized boolean look() {
    Map<Path, Bundle> deployed = deployedBundles();
    boolean settled = true;
    for (Path jar : jars()) {
      String version = version(jar);
      if (version == null || judged.contains(version)) {
        continue;
      }
      boolean stable = version.equals(lastLook.put(jar, version));
      if (!stable) {
        settled = false;
        continue;
      }
      Bundle b = deployed.get(jar);
      if (b == null) {
        String bad = unreadable(jar);
        if (bad == null) {
          // FileInstall has not installed it yet.
          settled = false;
          continue;
        }
        sink.installFailed(jar, "deploy/" + jar.getFileName() + " cannot be installed: " + bad);
      } else if (b.getState() == Bundle.STARTING || b.getState() == Bundle.STOPPING) {
        settled = false;
        continue;
      } else {
        sink.installable(jar);
        if (b.getState() != Bundle.ACTIVE && !isFragment(b)) {
          sink.start(b);
        }
      }
      judged.add(version);
    }
    return settled;
  }

  /**
   * Looks every {@code pollMillis} until every jar has been judged or {@code waitMillis} passed.
   */
  void settle(long pollMillis, long waitMillis) {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (!look() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<Path> jars() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String version(Path jar) {
    try {
      return jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
    } catch (IOException e) {
      return null;
    }
  }

  private Map<Path, Bundle> deployedBundles() {
    Map<Path, Bundle> out = new HashMap<>();
    for (Bundle b : context.getBundles()) {
      Path p = fileOf(b.getLocation());
      if (p != null && dir.equals(p.getParent())) {
        out.put(p, b);
      }
    }
    return out;
  }

  private static Path fileOf(String location) {
    if (location == null || !location.startsWith("file:")) {
      return null;
    }
    try {
      return Path.of(URI.create(location)).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isFragment(Bundle b) {
    return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
  }

  /** Why the jar cannot be a bundle, or {@code null} if it has a bundle manifest. */
  static String unreadable(Path jar) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      Manifest mf = jf.getManifest();
      if (mf == null) {
        return "not an OSGi bundle: it has no manifest";
      }
      if (mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
        return "not an OSGi bundle: its manifest has no Bundle-SymbolicName";
      }
      return null;
    } catch (IOException | SecurityException e) {
      return "not a readable jar (" + e.getMessage() + ")";
    }
  }
}
