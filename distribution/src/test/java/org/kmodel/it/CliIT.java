package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Versions;
import org.kmodel.it.plugins.ModeThpPolicy;
import org.kmodel.testkit.bundle.TestBundle;

/** The kmodel command as users run it: in-process for most checks, bin/kmodel for the last mile. */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KmodelHome home = KmodelHome.locate();
  @TempDir Path dir;

  @Test
  void versionAndHelp() {
    Cli v = Cli.run("--version");
    assertEquals(0, v.exitCode());
    assertTrue(v.out().startsWith("kmodel " + Versions.kmodel()), v.out());
    for (String cmd : List.of("run", "bundles")) {
      Cli h = Cli.run(cmd, "--help");
      assertEquals(0, h.exitCode());
      assertTrue(h.out().contains("Usage: kmodel " + cmd), h.out());
    }
  }

  @Test
  void bundlesListsTheDefaultSetWithVersionsStatesAndServices() {
    Cli r = Cli.run("bundles");
    assertEquals(0, r.exitCode(), r.err());
    String osgi = Versions.kmodel().replace("-SNAPSHOT", ".SNAPSHOT");
    for (String line :
        List.of(
            String.format(
                "%-34s %-22s ACTIVE    arch: arch-x86_64", "org.kmodel.arch.x86_64", osgi),
            String.format("%-34s %-22s ACTIVE    allocator:", "org.kmodel.allocator.buddy", osgi),
            String.format("%-34s %-22s ACTIVE    thp-policy:", "org.kmodel.thp.linux", osgi),
            "org.apache.felix.scr")) {
      assertTrue(r.out().contains(line), line + "\n" + r.out());
    }
  }

  @Test
  void runJsonShowsTheSwapInTheEvents() throws IOException {
    Cli r =
        Cli.run(
            "run", "--json", "--no-deploy", home.scenarios().resolve("swap-arch.yaml").toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertTrue(root.get("ok").asBoolean());
    boolean swapped = false;
    for (JsonNode e : root.get("events")) {
      swapped |=
          e.get("type").asText().equals("swap")
              && e.get("slot").asText().equals("arch")
              && e.get("to").asText().equals("arch-generic");
    }
    assertTrue(swapped, r.out());
    assertTrue(root.get("vmstat").has("nr_free_pages"));
    assertEquals(1048576, root.get("meminfo").get("MemTotal").asLong());
  }

  @Test
  void fastCostGivesTheExactFiguresAndOffChargesNothing() throws IOException {
    String scenario = home.scenarios().resolve("largepages3-never.yaml").toString();
    JsonNode exact = JSON.readTree(Cli.run("run", "--json", "--no-deploy", scenario).out());
    JsonNode fast =
        JSON.readTree(Cli.run("run", "--json", "--no-deploy", "--cost", "fast", scenario).out());
    JsonNode off =
        JSON.readTree(Cli.run("run", "--json", "--no-deploy", "--cost", "off", scenario).out());
    assertEquals("exact", exact.get("cost_mode").asText());
    assertEquals("fast", fast.get("cost_mode").asText());
    assertTrue(exact.get("costs").get("tlb_l2_misses").asLong() > 100_000, exact.toString());
    assertEquals(exact.get("costs"), fast.get("costs"));
    assertEquals(exact.get("phases"), fast.get("phases"));
    assertEquals(exact.get("vmstat"), fast.get("vmstat"));
    assertEquals(0, off.get("costs").get("accesses").asLong());
    assertEquals(exact.get("vmstat").get("pgfault"), off.get("vmstat").get("pgfault"));
  }

  @Test
  void badCostModesAndJobCountsAreBadInput() {
    String scenario = home.scenarios().resolve("default.yaml").toString();
    Cli run = Cli.run("run", "--no-deploy", "--cost", "quick", scenario);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--cost quick: expected exact, fast or off"), run.err());
    Cli explore = Cli.run("explore", "--jobs", "0", scenario);
    assertEquals(2, explore.exitCode());
    assertTrue(explore.err().contains("--jobs 0: must be at least 1"), explore.err());
    Cli compare = Cli.run("compare", "--vary", "machine.cost=exact,slow", scenario);
    assertEquals(2, compare.exitCode());
    assertTrue(compare.err().contains("'slow' is not a cost mode"), compare.err());
  }

  @Test
  void replayTokensOfAnotherScenarioOrThatDoNotFitAreBadInput() throws IOException {
    String a = home.scenarios().resolve("btrfs/race-a-flush-delalloc.yaml").toString();
    String b = home.scenarios().resolve("btrfs/race-b-flush-delalloc.yaml").toString();
    Cli explore = Cli.run("explore", "--json", a);
    assertEquals(1, explore.exitCode(), explore.err());
    String token = JSON.readTree(explore.out()).get("violations").get(0).get("token").asText();
    assertEquals(1, Cli.run("run", "--no-deploy", "--replay", token, a).exitCode());
    Cli other = Cli.run("run", "--no-deploy", "--replay", token, b);
    assertEquals(2, other.exitCode());
    assertTrue(other.err().contains("the token was found on another scenario"), other.err());
    Cli misfit = Cli.run("run", "--no-deploy", "--replay", "i1-" + "0".repeat(70), b);
    assertEquals(2, misfit.exitCode());
    assertTrue(misfit.err().contains("the token does not fit this scenario"), misfit.err());
  }

  @Test
  void scenarioFilesOutsideTheScenariosDirectoryAreRefusedAndNeverQuoted() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:hunter2\n");
    Path sub = Files.createDirectories(dir.resolve("scenarios"));
    Path scenario =
        Files.writeString(
            sub.resolve("bi.yaml"),
            "name: bi\nmachine:\n  fragmentation: {buddyinfo: ../secret.txt}\nsteps: []\n");
    for (String command : List.of("run", "explore")) {
      Cli r = Cli.run(command, scenario.toString());
      assertEquals(2, r.exitCode(), command + ": " + r.err());
      assertTrue(r.err().contains("lies outside the scenario's directory"), r.err());
    }
    Cli allowed =
        Cli.run("run", "--no-deploy", "--allow-path", dir.toString(), scenario.toString());
    assertEquals(2, allowed.exitCode(), allowed.err());
    assertTrue(allowed.err().contains("line 1 is not in /proc/buddyinfo format"), allowed.err());
    assertTrue(
        !allowed.err().contains("hunter2") && secret != null, "never echoed: " + allowed.err());
  }

  @Test
  void aRunStopsAtItsStepAndTimeBudgetsWithExitThree() throws IOException {
    Path sleepy =
        Files.writeString(
            dir.resolve("sleepy.yaml"),
            "name: sleepy\nsteps:\n  - spawn: p1\n  - sleep: 20000h\n  - spawn: p2\n");
    Cli steps = Cli.run("run", "--json", "--no-deploy", "--max-steps", "5", sleepy.toString());
    assertEquals(3, steps.exitCode(), steps.err());
    JsonNode root = JSON.readTree(steps.out());
    assertTrue(root.get("limit_reached").asBoolean());
    assertTrue(root.get("failures").toString().contains("its budget (--max-steps raises it)"));
    Cli time = Cli.run("run", "--no-deploy", "--max-time", "1m", sleepy.toString());
    assertEquals(3, time.exitCode(), time.err());
    assertTrue(time.out().contains("STOPPED at its budget"), time.out());
    Path greedy =
        Files.writeString(
            dir.resolve("greedy.yaml"),
            "name: greedy\nsteps:\n  - spawn: p1\n  - mmap: {pid: p1, as: h, size: 2M}\n"
                + "  - touch: {pid: p1, region: h, access: write, count: 9223372036854775807}\n");
    Cli count = Cli.run("run", "--no-deploy", greedy.toString());
    assertEquals(2, count.exitCode(), count.err());
    assertTrue(count.err().contains("more than 4096 passes"), count.err() + count.out());
  }

  @Test
  void madviseCollapseWithoutHugePagesIsEinvalNotAHang() throws IOException {
    Path scenario =
        Files.writeString(
            dir.resolve("generic-collapse.yaml"),
            "name: generic-collapse\nbundles: all\nmachine: {memory: 64M}\nsteps:\n"
                + "  - swap: {slot: arch, to: arch-generic}\n  - spawn: p1\n"
                + "  - mmap: {pid: p1, as: area, size: 4M}\n"
                + "  - touch: {pid: p1, region: area, access: write}\n"
                + "  - madvise: {pid: p1, region: area, advice: collapse}\n");
    Cli r =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(60), () -> Cli.run("run", "--no-deploy", "" + scenario));
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(
        r.out().contains("EINVAL: this architecture has no transparent huge pages"), r.out());
  }

  @Test
  void showPrintsProcFilesAndKnobsAsCatWould() {
    Cli r =
        Cli.run(
            "run",
            "--no-deploy",
            "--show",
            "/proc/buddyinfo",
            "--show",
            "/sys/kernel/mm/transparent_hugepage/defrag",
            home.scenarios().resolve("default.yaml").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("$ cat /proc/buddyinfo\nNode 0, zone   Normal "), r.out());
    assertTrue(
        r.out().contains("$ cat /sys/kernel/mm/transparent_hugepage/defrag\n[always] defer"),
        r.out());
  }

  @Test
  void theLauncherScriptRunsTheDefaultScenario() throws Exception {
    Process p =
        new ProcessBuilder(
                home.root().resolve("bin/kmodel").toString(),
                "run",
                "--json",
                home.scenarios().resolve("default.yaml").toString())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
    assertTrue(JSON.readTree(out).get("ok").asBoolean());
  }

  @Test
  void aBundleDroppedIntoDeployIsPickedUpByARunningCommand() throws Exception {
    Path deploy = Files.createDirectories(dir.resolve("deploy"));
    Path scenario =
        Files.writeString(
            dir.resolve("wait.yaml"),
            """
            name: wait-for-deploy
            steps:
              - swap: {slot: thp-policy, to: thp-dropped, wait: 60s}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/mode: never-test}
            """);
    Path jar =
        TestBundle.named("org.kmodel.it.dropped")
            .service(ThpPolicy.class, ModeThpPolicy.class, "thp-dropped", 1)
            .build(dir.resolve("built"));
    Process p =
        new ProcessBuilder(
                home.root().resolve("bin/kmodel").toString(),
                "run",
                "--json",
                "--deploy",
                deploy.toString(),
                scenario.toString())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    Thread.sleep(1500);
    assertTrue(p.isAlive(), "the run must be waiting for the bundle");
    Files.copy(jar, deploy.resolve("dropped.jar"), StandardCopyOption.REPLACE_EXISTING);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")) + out);
    JsonNode root = JSON.readTree(out);
    boolean swapped = false;
    for (JsonNode e : root.get("events")) {
      swapped |=
          e.get("type").asText().equals("swap") && e.get("to").asText().equals("thp-dropped");
    }
    assertTrue(swapped, out);
  }
}
