package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmodel shell}: a scenario stepped by hand, looked at and changed between its steps. */
class ShellIT {
  @TempDir Path dir;

  @Test
  void aScenarioIsSteppedInspectedAndChangedBetweenSteps() throws Exception {
    Path scenario =
        Files.writeString(
            dir.resolve("s.yaml"),
            """
            name: stepped
            machine: {memory: 64M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M, align: 2M}
              - touch: {pid: p1, region: a, access: write}
              - expect: {vmstat.thp_fault_alloc: 0}
            """);
    Path script =
        Files.writeString(
            dir.resolve("cmds"),
            "load "
                + scenario
                + "\nstep 2\ncat /sys/kernel/mm/transparent_hugepage/enabled\n"
                + "set /sys/kernel/mm/transparent_hugepage/enabled never\n"
                + "next\nrun\ncat /proc/meminfo\nlb\nswap thp-policy thp-linux\nswap heap x\nunload\n");

    Cli shell = Cli.run("shell", "--no-deploy", "--script", script.toString());

    String out = shell.out();
    assertTrue(out.contains("loaded stepped; next: scenario: spawn"), out);
    assertTrue(out.contains("ran  scenario: spawn"), out);
    assertTrue(out.contains("ran  scenario: mmap"), out);
    assertTrue(out.contains("[always] madvise never"), out);
    assertTrue(out.contains("next: scenario: touch"), out);
    // the knob written between the steps made the fault a base-page one: the expect holds
    assertTrue(out.contains("at the end of the run"), out);
    assertTrue(out.contains("AnonHugePages:         0 kB"), out);
    assertTrue(out.contains("AnonPages:          2048 kB"), out);
    assertTrue(out.contains("org.kmodel.thp.linux"), out);
    assertTrue(out.contains("result    ok"), out);
    assertTrue(out.contains("swap of thp-policy to thp-linux takes effect"), out);
    assertTrue(
        shell.err().contains("swap: no slot 'heap': one of arch, allocator, thp-policy"),
        shell.err());
    assertEquals(1, shell.exitCode(), "one command (swap heap) failed: " + shell.err());
  }

  @Test
  void commandsWithoutALoadedScenarioSaySo() {
    Path script = dir.resolve("none");
    Cli shell;
    try {
      Files.writeString(script, "cat /proc/vmstat\nfrobnicate\nhelp\n");
      shell = Cli.run("shell", "--no-deploy", "--script", script.toString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertTrue(shell.err().contains("no scenario is loaded: 'load FILE' first"), shell.err());
    assertTrue(shell.err().contains("unknown command 'frobnicate'"), shell.err());
    assertTrue(shell.out().contains("step [N]"), shell.out());
    assertEquals(1, shell.exitCode());
  }
}
