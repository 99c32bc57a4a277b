package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks {@code kmodel compare} makes before it needs a kmodel home and runs anything. */
class CompareCommandTest {
  @TempDir Path dir;

  @Test
  void helpNamesTheKeysAndTheDebugVmCost() {
    Result r = run("compare", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: kmodel compare [-hV] [--json | --csv]"), r.out());
    assertTrue(
        r.out().contains("machine.nested.host_pages  a page size the architecture maps"), r.out());
    assertTrue(r.out().contains("--no-debug-vm"), r.out());
  }

  @Test
  void anUnknownKeyIsBadInput() throws Exception {
    Result r = run("compare", "--vary", "thp=always", scenario().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("kmodel compare: --vary thp=always: unknown key 'thp'"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aChartMustBePngOrSvg() throws Exception {
    Result r = run("compare", "--chart", dir.resolve("c.gif").toString(), scenario().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("the file must end in .png or .svg"), r.err());
    r = run("compare", "--chart", dir.resolve("none/c.png").toString(), scenario().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no directory"), r.err());
  }

  @Test
  void jobsMustBeAtLeastOne() throws Exception {
    Result r = run("compare", "--jobs", "0", scenario().toString());
    assertEquals(2, r.code());
    assertEquals("kmodel compare: --jobs 0: must be at least 1", r.err().strip());
    assertEquals("", r.out());
  }

  @Test
  void helpGivesTheDefaultJobs() {
    Result r = run("compare", "--help");
    int processors = Runtime.getRuntime().availableProcessors();
    String text = r.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("processors, here " + processors + ")"), r.out());
  }

  @Test
  void jsonAndCsvExcludeEachOther() throws Exception {
    Result r = run("compare", "--json", "--csv", scenario().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("mutually exclusive"), r.err());
  }

  @Test
  void aMalformedScenarioIsReportedAsRunReportsIt() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsteps:\n  - frobnicate: 1\n");
    Result r = run("compare", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith(bad + ":3:5: "), r.err());
  }

  @Test
  void anEmptyKnobValueIsBadInput() throws Exception {
    Result r =
        run(
            "compare",
            "--vary",
            "/sys/kernel/mm/transparent_hugepage/enabled=",
            scenario().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("a value must not be empty"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void exploreMaxMustBeAtLeastOne() throws Exception {
    for (String max : new String[] {"0", "-1"}) {
      Result r = run("explore", "--max", max, scenario().toString());
      assertEquals(2, r.code(), r.err());
      assertEquals("kmodel explore: --max " + max + ": must be at least 1", r.err().strip());
      assertEquals("", r.out());
    }
  }

  @Test
  void aDeployDirectoryThatDoesNotExistIsBadInputAndIsNotCreated() throws Exception {
    Path missing = dir.resolve("nonexistent");
    Result r = run("run", "--deploy", missing.toString(), scenario().toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("kmodel: --deploy " + missing + ": no such directory", r.err().strip());
    assertTrue(Files.notExists(missing));
  }

  private Path scenario() throws Exception {
    return Files.writeString(dir.resolve("ok.yaml"), "name: ok\nsteps:\n  - spawn: p1\n");
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
