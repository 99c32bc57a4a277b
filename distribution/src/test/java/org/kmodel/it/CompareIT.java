package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code kmodel compare} on the installed bundle sets and CPU profiles. */
class CompareIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  @TempDir Path dir;
  private Path scenario;

  @BeforeEach
  void writeScenario() throws Exception {
    scenario =
        Files.writeString(
            dir.resolve("compare.yaml"),
            """
            name: compare-it
            machine: {memory: 1G}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: heap, size: 64M, align: 2M}
              - phase: fault
              - fill: {pid: p1, region: heap, value: 1}
              - phase: touch
              - touch: {pid: p1, region: heap, access: write}
              - check: {pid: p1, region: heap, value: 1}
            """);
  }

  @Test
  void helpIsThere() {
    Cli h = Cli.run("compare", "--help");
    assertEquals(0, h.exitCode());
    assertTrue(h.out().contains("Usage: kmodel compare"), h.out());
  }

  @Test
  void theTableHasAColumnPerVariantAndProgressGoesToStderr() {
    Cli r =
        Cli.run(
            "compare",
            "--jobs",
            "1",
            "--no-debug-vm",
            "--vary",
            ENABLED + "=always,never",
            "--vary",
            "cpu=skylake,zen5",
            scenario.toString());
    assertEquals(0, r.exitCode(), r.err() + r.out());
    List<String> progress = r.err().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(4, progress.size(), r.err());
    assertTrue(progress.get(0).startsWith("[1/4] " + ENABLED + "=always cpu=skylake  ok  "));
    assertTrue(progress.get(3).startsWith("[4/4] " + ENABLED + "=never cpu=zen5  ok  "));
    assertTrue(progress.get(3).endsWith(" s wall"), progress.get(3));
    for (String s : List.of("simulated µs", "ratio to the first variant", "fault", "touch")) {
      assertTrue(r.out().contains(s), s + "\n" + r.out());
    }
    String last =
        r.out()
            .lines()
            .filter(l -> l.startsWith("  " + ENABLED + "=never cpu=zen5"))
            .findFirst()
            .orElseThrow();
    assertTrue(last.matches(".*  cpu zen5, native +ok"), last);
  }

  @Test
  void jsonHasEveryVariantInOrderWithPhasesAndCosts() throws Exception {
    Path svg = dir.resolve("chart.svg");
    Cli r =
        Cli.run(
            "compare",
            "--json",
            "--chart",
            svg.toString(),
            "--vary",
            ENABLED + "=always,never",
            "--vary",
            "machine.nested.host_pages=none,4K",
            scenario.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals("compare-it", root.get("scenario").asText());
    JsonNode variants = root.get("variants");
    List<String> names = new ArrayList<>();
    variants.forEach(v -> names.add(v.get("name").asText()));
    assertEquals(
        List.of(
            ENABLED + "=always machine.nested.host_pages=none",
            ENABLED + "=always machine.nested.host_pages=4K",
            ENABLED + "=never machine.nested.host_pages=none",
            ENABLED + "=never machine.nested.host_pages=4K"),
        names);
    assertEquals(0, variants.get(0).get("nested_host_page_size").asLong());
    assertEquals(4096, variants.get(1).get("nested_host_page_size").asLong());
    for (JsonNode v : variants) {
      assertEquals(0, v.get("exit_code").asInt());
      assertFalse(v.get("cpu").asText().isEmpty(), v.toString());
      assertEquals("fault", v.get("phases").get(0).get("name").asText());
      assertEquals("touch", v.get("phases").get(1).get("name").asText());
      assertTrue(v.get("phases").get(0).get("simulated_us").asDouble() > 0, v.toString());
    }
    JsonNode hugeFault = variants.get(0).get("phases").get(0);
    JsonNode baseFault = variants.get(2).get("phases").get(0);
    assertEquals(1.0, hugeFault.get("ratio").asDouble());
    assertEquals(32, hugeFault.get("costs").get("faults_huge").asLong());
    assertEquals(0, baseFault.get("costs").get("faults_huge").asLong());
    assertEquals(16384, baseFault.get("costs").get("faults_base").asLong());
    assertTrue(baseFault.get("ratio").asDouble() > 1, baseFault.toString());
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"));
    // text as <text> elements: the legend names the knob varied, the title the keys
    assertTrue(text.contains(">enabled=always machine.nested.host_pages=none</text>"), text);
    assertTrue(text.contains(">variants</text>"), "the legend's title");
    assertFalse(text.contains("<path"), "no glyph outlines");
    assertTrue(text.contains("a bar per variant of enabled, machine.nested.host_pages</text>"));
    assertTrue(r.err().contains("kmodel compare: chart written to " + svg), r.err());
  }

  @Test
  void csvHasALinePerPhaseAndVariantAndThePngIsDrawnHeadless() throws Exception {
    Path png = dir.resolve("chart.png");
    Cli r =
        Cli.run(
            "compare",
            "--csv",
            "--chart",
            png.toString(),
            "--vary",
            "bundles=default,generic",
            scenario.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("phase,variant,simulated_us,ratio,accesses,"), lines.get(0));
    assertTrue(lines.get(0).endsWith(",walk_refs_per_miss"), lines.get(0));
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(1).startsWith("fault,bundles=default,"), lines.get(1));
    assertTrue(lines.get(4).startsWith("touch,bundles=generic,"), lines.get(4));
    assertNotNull(ImageIO.read(png.toFile()), "not a PNG");
  }

  @Test
  void aScenarioWithoutPhasesIsComparedAsAWholeRun() throws Exception {
    Path plain =
        Files.writeString(
            dir.resolve("plain.yaml"),
            "name: plain\nsteps:\n  - spawn: p1\n  - mmap: {pid: p1, as: a, size: 4M}\n"
                + "  - fill: {pid: p1, region: a, value: 1}\n");
    Cli r = Cli.run("compare", plain.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("(whole run)"), r.out());
    assertTrue(r.err().startsWith("[1/1] as written  ok  "), r.err());
    Cli quiet = Cli.run("compare", "--quiet", plain.toString());
    assertEquals(0, quiet.exitCode(), quiet.err());
    assertEquals("", quiet.err());
    assertEquals(r.out(), quiet.out());
  }

  @Test
  void aKnobValueTheKernelRejectsFailsThatVariant() {
    Cli r = Cli.run("compare", "--vary", ENABLED + "=always,sometimes", scenario.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.out().contains("FAILED (1)"), r.out());
    assertTrue(r.out().contains("--vary:1:"), r.out());
  }

  @Test
  void anUnknownKnobIsBadInputNamedAtItsOption() {
    Cli r = Cli.run("compare", "--vary", "/sys/kernel/mm/nope=1", scenario.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("BAD INPUT"), r.err());
    assertTrue(r.err().contains("--vary:1:21: no knob /sys/kernel/mm/nope"), r.err());
    assertTrue(r.out().matches("(?s).*\n  /sys/kernel/mm/nope=1  cpu .*  BAD INPUT\n.*"), r.out());
    assertFalse(r.out().contains("(whole run)"), "a variant that ran nothing has no row");
    assertFalse(r.out().contains("no knob"), "the reason is on stderr only: " + r.out());
  }

  @Test
  void anUnknownCpuProfileIsBadInputBeforeAnythingRuns() {
    Cli r = Cli.run("compare", "--vary", "cpu=zen5,zen9", scenario.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("kmodel compare: --vary:1:10: cpu=zen9: "), r.err());
    assertFalse(r.err().contains("[1/2]"), r.err());
  }

  @Test
  void jsonAndCsvAreTheSameByteForByteWhateverTheJobs() {
    for (String format : List.of("--json", "--csv")) {
      Cli one = compareByPolicyAndCpu("1", format);
      Cli four = compareByPolicyAndCpu("4", format);
      assertEquals(0, one.exitCode(), one.err());
      assertEquals(0, four.exitCode(), four.err());
      assertFalse(one.out().isBlank());
      assertEquals(one.out(), four.out(), format);
      assertEquals(progressWithoutWallTime(one), progressWithoutWallTime(four), format);
    }
  }

  @Test
  void aVariantWithBadInputIsMarkedAndTheOthersAreReportedWhateverTheJobs() {
    for (String jobs : List.of("1", "4")) {
      Cli r =
          Cli.run(
              "compare",
              "--jobs",
              jobs,
              "--no-debug-vm",
              "--vary",
              "bundles=generic,default",
              "--vary",
              "machine.nested.host_pages=none,2M,4K",
              scenario.toString());
      assertEquals(2, r.exitCode(), r.err());
      List<String> bad = r.err().lines().filter(l -> l.contains("BAD INPUT")).toList();
      assertEquals(1, bad.size(), r.err());
      assertTrue(
          bad.get(0).startsWith("[2/6] bundles=generic machine.nested.host_pages=2M  BAD INPUT: "),
          r.err());
      assertTrue(bad.get(0).contains("generic cannot map host pages of 2M"), r.err());
      assertEquals(1, r.err().split("generic cannot map", -1).length - 1, r.err());
      assertTrue(r.out().contains("simulated µs"), r.out());
      for (String variant :
          List.of("bundles=default machine.nested.host_pages=2M", "bundles=generic machine.")) {
        assertTrue(r.out().contains("  " + variant), variant + "\n" + r.out());
      }
      assertTrue(r.out().lines().filter(l -> l.endsWith("  BAD INPUT")).count() == 1, r.out());
    }
  }

  @Test
  void aThpKnobOnAnArchitectureWithoutThpSaysSoAndTheOtherVariantIsReported() throws Exception {
    Path defrag =
        Files.writeString(
            dir.resolve("defrag.yaml"),
            """
            name: defrag
            knobs:
              /sys/kernel/mm/transparent_hugepage/defrag: never
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 4M}
              - fill: {pid: p1, region: a, value: 1}
            """);
    Cli r = Cli.run("compare", "--csv", "--vary", "bundles=default,generic", defrag.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(
        r.err()
            .contains(
                "arch-generic has no transparent huge pages:"
                    + " /sys/kernel/mm/transparent_hugepage/defrag does not exist"),
        r.err());
    assertTrue(r.out().contains("(whole run),bundles=default,"), r.out());
  }

  private Cli compareByPolicyAndCpu(String jobs, String format) {
    return Cli.run(
        "compare",
        "--jobs",
        jobs,
        format,
        "--vary",
        "bundles=linux,ingens,hawkeye",
        "--vary",
        "cpu=skylake,zen5",
        scenario.toString());
  }

  /** The progress lines, sorted (they come as variants finish), without their wall time. */
  private static List<String> progressWithoutWallTime(Cli r) {
    return r.err()
        .lines()
        .filter(l -> l.startsWith("["))
        .map(l -> l.replaceFirst("  [0-9.]+ s wall$", ""))
        .sorted()
        .toList();
  }
}
