package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input through the real command: a file:line:column message and exit code 2. */
class MalformedScenarioIT {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void anUnknownOpIsNamedWithItsPlaceAndASuggestion() throws IOException {
    Path f =
        write(
            "op.yaml",
            """
            name: op
            steps:
              - spawn: p1
              - tuch: {pid: p1, region: a}
            """);
    Cli r = Cli.run("run", "--no-deploy", f.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(f + ":4:5: unknown op 'tuch'"), r.err());
    assertTrue(r.err().contains("did you mean 'touch'?"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aBadSizeIsNamedWithItsPlace() throws IOException {
    Path f =
        write(
            "size.yaml",
            """
            name: size
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2Q}
            """);
    Cli r = Cli.run("run", "--no-deploy", f.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(f + ":4:34: bad size '2Q'"), r.err());
  }

  @Test
  void anUnknownKnobIsNamedWithItsPlaceAndTheKnobsNearby() throws IOException {
    Path f =
        write(
            "knob.yaml",
            """
            name: knob
            steps:
              - spawn: p1
              - set: {/sys/kernel/mm/transparent_hugepage/enable: always}
            """);
    Cli r = Cli.run("run", "--no-deploy", f.toString());
    assertEquals(2, r.exitCode());
    assertTrue(
        r.err().contains(f + ":4:11: no knob /sys/kernel/mm/transparent_hugepage/enable"), r.err());
    assertTrue(r.err().contains("/sys/kernel/mm/transparent_hugepage/enabled"), r.err());
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() throws IOException {
    Path f =
        write(
            "many.yaml",
            """
            name: many
            colour: blue
            steps:
              - spawn: p1
              - mmap: {pid: p2, as: a, size: 4K}
              - sleep: 10
            """);
    Cli r = Cli.run("run", "--no-deploy", f.toString());
    assertEquals(2, r.exitCode());
    String[] lines = r.err().strip().split("\n");
    assertEquals(3, lines.length, r.err());
    assertTrue(lines[0].startsWith(f + ":2:1: "), lines[0]);
    assertTrue(lines[1].startsWith(f + ":5:"), lines[1]);
    assertTrue(lines[2].startsWith(f + ":6:"), lines[2]);
  }

  @Test
  void anUnknownBundleSetIsBadInputAtTheBundlesKey() throws IOException {
    Path f =
        write(
            "set.yaml",
            """
            name: set
            bundles: defualt
            steps: []
            """);
    Cli r = Cli.run("run", "--no-deploy", f.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(f + ":2:10: unknown bundle set 'defualt'"), r.err());
  }

  @Test
  void aMissingFileIsBadInput() {
    Cli r = Cli.run("run", dir.resolve("absent.yaml").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("absent.yaml:1:1"), r.err());
  }
}
