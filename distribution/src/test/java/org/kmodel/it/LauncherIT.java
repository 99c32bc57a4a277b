package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Versions;
import org.kmodel.it.plugins.HiddenExitActivator;

/** bin/kmodel itself: how it finds its home, and the settings it hands the JVM from conf/. */
class LauncherIT {
  private final KmodelHome home = KmodelHome.locate();
  @TempDir Path dir;

  @Test
  void aSymlinkInAnotherDirectoryFindsTheRealHome() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("kmodel"), launcher());
    Result r = run(List.of(link.toString(), "--version"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("kmodel " + Versions.kmodel()), r.out() + r.err());
  }

  @Test
  void aRelativeSymlinkToASymlinkFindsTheRealHome() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("usr/bin"));
    Files.createSymbolicLink(dir.resolve("kmodel-real"), launcher());
    Path link = Files.createSymbolicLink(bin.resolve("kmodel"), Path.of("../../kmodel-real"));
    Result r = run(List.of(link.toString(), "run", "--no-deploy", scenario()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("default"), r.out());
  }

  @Test
  void aRunThatHoldsPrintsItsResultsOnStdoutAndNothingOnStderr() throws Exception {
    Result r = run(List.of(launcher().toString(), "run", "--no-deploy", scenario()));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("scenario  default "), "no escape first: " + r.out());
    assertTrue(r.out().contains("  swap     arch: (empty) -> arch-x86_64"), r.out());
  }

  @Test
  void verboseLogsTheEventsOfConfAsTheyHappenThoughConfIsNotOnTheClassPath() throws Exception {
    Result r = run(List.of(launcher().toString(), "run", "--verbose", "--no-deploy", scenario()));
    assertEquals(0, r.code(), r.err());
    // conf/simplelogger.properties: the level in brackets, no thread name
    assertTrue(r.err().contains("[INFO] [0s] swap: arch: (empty) -> arch-x86_64"), r.err());
    assertFalse(r.err().contains("[main]"), r.err());
  }

  @Test
  void aFailedExpectationIsPrintedOnceAndBadInputOnceOnStderr() throws Exception {
    Path failing = dir.resolve("failing.yaml");
    Files.writeString(
        failing,
        "name: failing\nmachine: {memory: 64M}\nsteps:\n  - spawn: p1\n"
            + "  - expect: {vmstat.pgfault: 7}\n");
    Result r = run(List.of(launcher().toString(), "run", "--no-deploy", failing.toString()));
    assertEquals(1, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals(2, (r.out()).split("expected vmstat.pgfault == 7, got 0", -1).length, r.out());
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "name: bad\nmachine: {memory: 64M}\nsteps:\n  - spawn: p1\n"
            + "  - expect: {vmstat.pgfaultt: 7}\n");
    Result b = run(List.of(launcher().toString(), "run", "--quiet", "--no-deploy", bad.toString()));
    assertEquals(2, b.code(), b.err());
    String message = "has no 'pgfaultt' in this kernel; did you mean 'pgfault'?";
    assertEquals(2, b.err().split(message, -1).length, b.err());
    assertFalse(b.out().contains(message), b.out());
    assertTrue(b.out().contains("result    BAD INPUT"), b.out());
  }

  @Test
  void aMachineTooBigForTheHeapIsOneLineAndExitThree() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "name: big\nmachine: {memory: 256G}\nsteps:\n  - spawn: p1\n");
    Result r = run(List.of(launcher().toString(), "--heap", "64m", "run", "--no-deploy", "" + big));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("a 256G machine needs up to 1.5 GiB of Java heap"), r.err());
    assertTrue(r.err().contains("raise it with KMODEL_HEAP=2g"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    Result bad = run(List.of(launcher().toString(), "--heap", "lots", "--version"));
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--heap/KMODEL_HEAP 'lots'"), bad.err());
  }

  /**
   * An exit the weaving hook cannot see (a name built at run time, called by reflection) still
   * cannot pass for a successful run: one line naming the class, exit 1.
   */
  @Test
  void aPluginExitHiddenFromTheWeavingHookFailsTheRunInOneLine() throws Exception {
    Path deploy = Files.createDirectories(dir.resolve("deploy"));
    PluginIsolationIT.bundle(
        deploy.resolve("hidden-exit.jar"),
        Map.of(
            "Bundle-SymbolicName", "org.kmodel.it.hiddenexit",
            "Bundle-Activator", HiddenExitActivator.class.getName(),
            "Import-Package", "org.osgi.framework"),
        HiddenExitActivator.class);
    Result r = run(List.of(launcher().toString(), "run", "--deploy", "" + deploy, scenario()));
    assertEquals(1, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "kmodel: class "
                    + HiddenExitActivator.class.getName()
                    + " (method start) ended the process during the run"),
        r.err());
  }

  private Path launcher() {
    return home.root().resolve("bin/kmodel");
  }

  private String scenario() {
    return home.scenarios().resolve("default.yaml").toString();
  }

  private record Result(int code, String out, String err) {}

  private Result run(List<String> command) throws IOException, InterruptedException {
    Path errFile = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out, Files.readString(errFile));
  }
}
