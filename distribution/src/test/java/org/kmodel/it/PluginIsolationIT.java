package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.it.plugins.ExitActivator;
import org.kmodel.it.plugins.ThrowingActivator;

/**
 * Hostile or broken bundles in the deploy directory: each is refused or reported in one line, shows
 * in {@code kmodel bundles} with its state and problem, and the run goes on.
 */
class PluginIsolationIT {
  private static final String SCENARIO =
      """
      name: isolated
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 2M}
        - touch: {pid: p1, region: a, access: write}
      """;

  @TempDir Path dir;

  @Test
  void exitInActivatorDoesNotEndTheRun() throws IOException {
    Path deploy = deployDir();
    bundle(
        deploy.resolve("exit.jar"),
        Map.of(
            "Bundle-SymbolicName", "org.kmodel.it.exit",
            "Bundle-Activator", ExitActivator.class.getName(),
            "Import-Package", "org.osgi.framework"),
        ExitActivator.class);

    Cli run = run(deploy);

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("result    ok"), run.out());
    assertEquals(
        "kmodel: bundle org.kmodel.it.exit 1.0.0 ("
            + deploy.resolve("exit.jar").toFile().toURI()
            + ") refused: class "
            + ExitActivator.class.getName()
            + " calls java.lang.System.exit, which would end the model",
        problemLines(run.err()));
  }

  @Test
  void apiExporterIsRefused() throws IOException {
    Path deploy = deployDir();
    bundle(
        deploy.resolve("api.jar"),
        Map.of(
            "Bundle-SymbolicName", "org.kmodel.it.api",
            "Export-Package", "org.kmodel.api.thp;version=1.99",
            "Import-Package", "org.osgi.framework"),
        ThrowingActivator.class);

    Cli run = run(deploy);

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("org.kmodel.thp.linux"), run.out());
    String problem =
        "bundle org.kmodel.it.api 1.0.0 ("
            + deploy.resolve("api.jar").toFile().toURI()
            + ") refused: exports org.kmodel.api.thp, which only the kmodel platform may export";
    assertEquals("kmodel: " + problem, problemLines(run.err()));
    Cli bundles = Cli.run("bundles", "--deploy", deploy.toString());
    assertTrue(
        bundles.out().matches("(?s).*org\\.kmodel\\.it\\.api +1\\.0\\.0 +INSTALLED.*"),
        bundles.out());
    assertTrue(bundles.out().contains("problem: " + problem), bundles.out());
    assertTrue(
        bundles.out().matches("(?s).*org\\.kmodel\\.thp\\.linux .* ACTIVE +thp-policy.*"),
        bundles.out());
  }

  @Test
  void corruptJarInDeployIsReported() throws IOException {
    Path deploy = deployDir();
    Files.writeString(deploy.resolve("corrupt.jar"), "not a zip file");

    Cli run = run(deploy);

    assertEquals(0, run.exitCode(), run.err());
    String problem =
        "deploy/corrupt.jar cannot be installed: not a readable jar (zip END header not found)";
    assertEquals("kmodel: " + problem, problemLines(run.err()));
    Cli bundles = Cli.run("bundles", "--deploy", deploy.toString());
    assertEquals(1, bundles.exitCode());
    assertTrue(bundles.out().matches("(?s).*- +corrupt\\.jar +NOT INSTALLED.*"), bundles.out());
    assertTrue(bundles.out().contains("problem: " + problem), bundles.out());
  }

  @Test
  void throwingActivatorIsReported() throws IOException {
    Path deploy = deployDir();
    bundle(
        deploy.resolve("throwing.jar"),
        Map.of(
            "Bundle-SymbolicName", "org.kmodel.it.throwing",
            "Bundle-Activator", ThrowingActivator.class.getName(),
            "Import-Package", "org.osgi.framework"),
        ThrowingActivator.class);

    Cli run = run(deploy);

    assertEquals(0, run.exitCode(), run.err());
    String problem =
        "bundle org.kmodel.it.throwing 1.0.0 failed to start: java.lang.IllegalStateException:"
            + " activator refuses to start";
    assertEquals("kmodel: " + problem, problemLines(run.err()));
    Cli bundles = Cli.run("bundles", "--deploy", deploy.toString());
    assertTrue(
        bundles.out().matches("(?s).*org\\.kmodel\\.it\\.throwing +1\\.0\\.0 +RESOLVED.*"),
        bundles.out());
    assertTrue(bundles.out().contains("problem: " + problem), bundles.out());
  }

  private Path deployDir() throws IOException {
    return Files.createDirectories(dir.resolve("deploy"));
  }

  private Cli run(Path deploy) throws IOException {
    Path scenario = Files.writeString(dir.resolve("isolated.yaml"), SCENARIO);
    return Cli.run("run", "--deploy", deploy.toString(), scenario.toString());
  }

  /** The {@code kmodel:} lines of stderr, the log lines left out. */
  private static String problemLines(String err) {
    return String.join("\n", err.lines().filter(l -> l.startsWith("kmodel: ")).toList());
  }

  /** Writes a bundle with the given headers holding the given classes' class files. */
  static void bundle(Path jar, Map<String, String> headers, Class<?>... classes)
      throws IOException {
    Manifest mf = new Manifest();
    Attributes a = mf.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.putValue("Bundle-ManifestVersion", "2");
    a.putValue("Bundle-Version", "1.0.0");
    headers.forEach(a::putValue);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out, mf)) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        jos.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(jos);
        }
        jos.closeEntry();
      }
    }
  }
}
