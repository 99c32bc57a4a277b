package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmodel sweep --slurm} on a real single-node Slurm: the one {@code .ci/run} starts, else
 * the one this test starts with {@code ../shared/tools/slurm/start-local-slurm.sh} (or {@code
 * $KMODEL_SLURM_TOOLS/start-local-slurm.sh}) and stops afterwards. That script installs Debian's
 * Slurm and munge and starts their daemons, so it needs root and apt-get: without them the test is
 * skipped, saying why.
 */
class SlurmSweepIT {
  private static Path startedWith;

  @TempDir Path dir;
  private Path scenario;

  @BeforeAll
  static void slurm() throws Exception {
    if (nodeReady()) {
      return;
    }
    long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    assumeTrue(
        uid == 0,
        "SlurmSweepIT skipped: no Slurm running, and start-local-slurm.sh needs root (uid "
            + uid
            + ")");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/apt-get")),
        "SlurmSweepIT skipped: no Slurm running, and start-local-slurm.sh needs apt-get");
    String env = System.getenv("KMODEL_SLURM_TOOLS");
    Path tools =
        env != null
            ? Path.of(env)
            : Path.of("").toAbsolutePath().getParent().resolveSibling("shared/tools/slurm");
    Path start = tools.resolve("start-local-slurm.sh");
    assertTrue(
        Files.isRegularFile(start),
        "no " + start + ": put shared/ beside the repository or set KMODEL_SLURM_TOOLS");
    Sh r = sh(List.of("bash", start.toString()), 300);
    assertEquals(0, r.code(), r.output());
    startedWith = tools;
  }

  @AfterAll
  static void stopSlurm() throws Exception {
    if (startedWith != null) {
      sh(List.of("bash", startedWith.resolve("stop-local-slurm.sh").toString()), 60);
    }
  }

  @BeforeEach
  void writeScenario() throws Exception {
    scenario = Files.writeString(dir.resolve("sweep.yaml"), SweepIT.SCENARIO);
  }

  private Cli sweep(Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("sweep", "--no-debug-vm", "--out", "" + out));
    all.addAll(List.of(args));
    all.add(scenario.toString());
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void aSlurmSweepWritesTheSameBytesAsALocalOne() throws Exception {
    String[] args = {"--jobs", "1", "--seeds", "2", "--vary", "bundles=generic,default,linux"};
    Path viaSlurm = dir.resolve("slurm");
    Path local = dir.resolve("local");
    Cli s = sweep(viaSlurm, concat(args, "--slurm", "--slurm-chunk", "2"));
    Cli l = sweep(local, args);
    // the generic set has no THP counters: bad input there, and the others still ran
    assertEquals(2, l.exitCode(), l.err());
    assertEquals(2, s.exitCode(), s.err());
    assertEquals(
        Files.readString(local.resolve("sweep.csv")),
        Files.readString(viaSlurm.resolve("sweep.csv")));
    assertEquals(
        Files.readString(local.resolve("sweep.json")),
        Files.readString(viaSlurm.resolve("sweep.json")));
    assertEquals(
        l.out().lines().filter(x -> !x.startsWith("wrote ")).toList(),
        s.out().lines().filter(x -> !x.startsWith("wrote ")).toList());
    assertTrue(s.err().contains("submitted 2 Slurm task(s)"), s.err());
    assertTrue(s.err().contains("[2/2] Slurm tasks done"), s.err());
    assertTrue(Files.readString(viaSlurm.resolve("sweep.csv")).contains(",bad-input,2,"));
    assertNotNull(ImageIO.read(viaSlurm.resolve("chart-simulated_us.png").toFile()));
    assertTrue(Files.isRegularFile(viaSlurm.resolve("part-1/sweep.json")));
  }

  @Test
  void aFailedTaskIsOneLineNamingItsStderr() throws Exception {
    Path out = dir.resolve("out");
    Cli r =
        sweep(
            out,
            "--slurm",
            "--charts",
            "none",
            "--sbatch-arg=--export=ALL,JAVA=/bin/false,JAVA_HOME=/nonexistent");
    assertEquals(1, r.exitCode(), r.err());
    List<String> lines = r.err().lines().toList();
    String last = lines.get(lines.size() - 1);
    Path stderr = out.resolve("slurm/task-0.err");
    assertTrue(
        last.matches("kmodel sweep: Slurm job \\d+ task 0 failed \\(sbatch exit \\d+\\): see .*"),
        last);
    assertTrue(last.endsWith("see " + stderr), last);
    assertTrue(Files.isRegularFile(stderr), stderr.toString());
    assertTrue(Files.notExists(out.resolve("sweep.csv")));
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  private static boolean nodeReady() {
    try {
      Sh r = sh(List.of("sinfo", "-h", "-o", "%t"), 30);
      return r.code() == 0 && r.output().strip().matches("idle|mix|alloc");
    } catch (IOException e) {
      return false;
    }
  }

  private record Sh(int code, String output) {}

  private static Sh sh(List<String> cmd, int timeoutSeconds) throws IOException {
    Path log = Files.createTempFile("slurm-sweep-it", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Sh(-1, String.join(" ", cmd) + ": no answer in " + timeoutSeconds + " s");
      }
      return new Sh(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
