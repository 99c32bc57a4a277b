package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmodel sweep} on one machine: the product of the values and the seeds, in order. */
class SweepIT {
  static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  /**
   * Random pages, so that the seed changes which are touched and with them the simulated time; a
   * THP counter, which arch-generic does not have (bad input there).
   */
  static final String SCENARIO =
      """
      name: sweep-it
      machine: {memory: 256M}
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: heap, size: 16M, align: 2M}
        - phase: fault
        - fill: {pid: p1, region: heap, value: 1, pattern: random, fraction: 50%}
        - phase: touch
        - touch: {pid: p1, region: heap, access: write, pattern: random, count: 500}
        - expect: {vmstat.thp_fault_alloc: ">= 0", meminfo.AnonHugePages: ">= 0"}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path scenario;

  @BeforeEach
  void writeScenario() throws Exception {
    scenario = Files.writeString(dir.resolve("sweep.yaml"), SCENARIO);
  }

  private Cli sweep(Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("sweep", "--no-debug-vm", "--out", "" + out));
    all.addAll(List.of(args));
    all.add(scenario.toString());
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void aRowPerVariantAndSeedInOrderWithValuesStatusAndMetrics() throws Exception {
    Path out = dir.resolve("out");
    Cli r = sweep(out, "--jobs", "3", "--seeds", "2", "--vary", ENABLED + "=always,never");
    assertEquals(0, r.exitCode(), r.err() + r.out());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(
        "variant,"
            + ENABLED
            + ",seed,status,exit_code,simulated_us,phase.fault.simulated_us,"
            + "phase.touch.simulated_us,vmstat.thp_fault_alloc,meminfo.AnonHugePages",
        csv.get(0));
    assertEquals(5, csv.size(), String.join("\n", csv));
    for (int i = 0; i < 4; i++) {
      String[] f = csv.get(i + 1).split(",");
      assertEquals(ENABLED + "=" + (i < 2 ? "always" : "never"), f[0]);
      assertEquals(i < 2 ? "always" : "never", f[1]);
      assertEquals(Integer.toString(i % 2 + 1), f[2]);
      assertEquals("ok", f[3]);
      assertEquals("0", f[4]);
    }
    // 16 MiB in 2 MiB pages with THP always, none with never
    assertTrue(csv.get(1).endsWith(",8,16384"), csv.get(1));
    assertTrue(csv.get(3).endsWith(",0,0"), csv.get(3));
    // the seed reaches the kernel: other random pages, another simulated time
    assertNotEquals(csv.get(1).split(",")[7], csv.get(2).split(",")[7]);

    JsonNode root = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals("sweep-it", root.get("scenario").asText());
    assertEquals("[1,2]", root.get("seeds").toString());
    JsonNode run = root.get("runs").get(2);
    assertEquals("never", run.get("settings").get(ENABLED).asText());
    assertEquals(1, run.get("seed").asInt());
    assertEquals("ok", run.get("status").asText());
    assertEquals(0, run.get("metrics").get("vmstat.thp_fault_alloc").asLong());

    List<String> progress = r.err().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(4, progress.size(), r.err());
    assertTrue(progress.get(3).startsWith("[4/4] "), progress.get(3));
    for (String s : List.of("2 variants x 2 seeds = 4 runs: 4 ok", "mean", "min", "max")) {
      assertTrue(r.out().contains(s), s + "\n" + r.out());
    }
    assertTrue(r.out().contains("wrote " + out.resolve("sweep.csv")), r.out());
    for (String metric : List.of("simulated_us", "phase.touch.simulated_us")) {
      Path png = out.resolve("chart-" + metric + ".png");
      assertNotNull(ImageIO.read(png.toFile()), png.toString());
    }
  }

  @Test
  void theOutputIsTheSameWhateverTheNumberOfJobs() throws Exception {
    String[] args = {"--seeds", "2", "--charts", "none", "--vary", "cpu=skylake,zen5"};
    Cli one = sweep(dir.resolve("one"), withJobs("1", args));
    Cli three = sweep(dir.resolve("three"), withJobs("3", args));
    assertEquals(0, one.exitCode(), one.err());
    assertEquals(0, three.exitCode(), three.err());
    assertEquals(
        Files.readString(dir.resolve("one/sweep.csv")),
        Files.readString(dir.resolve("three/sweep.csv")));
    assertEquals(
        Files.readString(dir.resolve("one/sweep.json")),
        Files.readString(dir.resolve("three/sweep.json")));
    assertEquals(summary(one), summary(three));
  }

  /** The summary without the line naming the output directory, which differs. */
  private static List<String> summary(Cli r) {
    return r.out().lines().filter(l -> !l.startsWith("wrote ")).toList();
  }

  private static String[] withJobs(String jobs, String... args) {
    List<String> all = new ArrayList<>(List.of("--jobs", jobs));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void aBadVariantIsReportedAndTheOthersStillRunWithExitCodeTwo() throws Exception {
    Path out = dir.resolve("out");
    Cli r = sweep(out, "--charts", "none", "--vary", "bundles=generic,default");
    assertEquals(2, r.exitCode(), r.err() + r.out());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertTrue(csv.get(1).startsWith("bundles=generic,generic,0,bad-input,2,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("bundles=default,default,0,ok,0,"), csv.get(2));
    assertTrue(r.out().contains("variants with runs that did not succeed"), r.out());
    assertTrue(r.out().contains("/proc/vmstat has no 'thp_fault_alloc'"), r.out());
  }

  @Test
  void chosenMetricsAreTheColumns() throws Exception {
    Path out = dir.resolve("out");
    Cli r =
        sweep(
            out,
            "--charts",
            "svg",
            "--metric",
            "phase.fault.faults_huge,vmstat.pgfault",
            "--metric",
            "costs.accesses",
            "--vary",
            ENABLED + "=always,never");
    assertEquals(0, r.exitCode(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertTrue(
        csv.get(0).endsWith(",exit_code,phase.fault.faults_huge,vmstat.pgfault,costs.accesses"),
        csv.get(0));
    assertTrue(csv.get(1).contains(",ok,0,8,"), csv.get(1));
    assertTrue(Files.isRegularFile(out.resolve("chart-vmstat.pgfault.svg")));
  }

  @Test
  void badOptionsAreOneLineAndExitTwoBeforeAnythingRuns() {
    Path out = dir.resolve("out");
    String[][] cases = {
      {"--metric", "smaps.p1.heap.Rss", "--metric smaps.p1.heap.Rss: expected simulated_us"},
      {"--metric", "phase.fault.bogus", "'bogus' is not a phase field"},
      {"--seeds", "0", "--seeds 0: must be at least 1"},
      {"--charts", "gif", "--charts gif: expected png, svg or none"},
      {"--vary", "cpu=nosuchcpu", "--vary:1:5: cpu=nosuchcpu"},
    };
    for (String[] c : cases) {
      Cli r = sweep(out, c[0], c[1]);
      assertEquals(2, r.exitCode(), String.join(" ", c) + "\n" + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("kmodel sweep: "), r.err());
      assertTrue(r.err().contains(c[2]), r.err());
    }
    assertTrue(Files.notExists(out.resolve("sweep.csv")));
  }

  @Test
  void aMetricNoRunHasIsBadInput() throws Exception {
    Cli r = sweep(dir.resolve("out"), "--charts", "none", "--metric", "fs.extents_written");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(
        r.err().contains("kmodel sweep: --metric fs.extents_written: no run has it"), r.err());
  }

  @Test
  void slurmWithoutSbatchIsOneLine() {
    String old = System.setProperty("kmodel.sbatch", dir.resolve("no-sbatch").toString());
    try {
      Cli r = sweep(dir.resolve("out"), "--slurm", "--vary", ENABLED + "=always,never");
      assertEquals(1, r.exitCode(), r.err());
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(
          lines.get(0).startsWith("kmodel sweep: --slurm: cannot run " + dir.resolve("no-sbatch")),
          r.err());
      assertTrue(lines.get(0).contains("is Slurm's client installed"), r.err());
    } finally {
      if (old == null) {
        System.clearProperty("kmodel.sbatch");
      } else {
        System.setProperty("kmodel.sbatch", old);
      }
    }
  }
}
