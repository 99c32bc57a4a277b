package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;

class CompareReportTest {
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  @Test
  void rowsArePhasesInTheOrderTheyFirstAppearAndRepeatsAreNumbered() {
    CompareReport r =
        report(
            List.of(ENABLED + "=always,never"),
            result("skylake", 0, List.of(), 0, phase("a", 100), phase("b", 200), phase("a", 300)),
            result("skylake", 0, List.of(), 0, phase("b", 500), phase("c", 50)));
    assertEquals(List.of("a", "b", "a#2", "c"), r.rows());
    assertEquals(300, r.cell(0, "a#2").nanos());
    assertNull(r.cell(1, "a"));
    assertEquals(2.5, r.ratio(1, "b"));
    assertEquals(1.0, r.ratio(0, "b"));
    assertNull(r.ratio(1, "a"), "the second run lacks the phase");
    assertNull(r.ratio(1, "c"), "the first run lacks the phase");
  }

  @Test
  void aRunWithoutPhasesIsOneWholeRunRow() {
    PhaseCosts total = costs(3, 4, 10);
    RunResult run =
        new RunResult(
            "t",
            true,
            false,
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            7_000,
            3,
            List.of(),
            Map.of(),
            Map.of(),
            "skylake",
            0,
            "exact",
            "6.13",
            total,
            MachineReport.NONE,
            false);
    CompareReport r = report(List.of(), run);
    assertEquals(List.of("(whole run)"), r.rows());
    assertEquals(new CompareReport.Cell(7_000, total), r.cell(0, "(whole run)"));
  }

  @Test
  void noRatioAgainstAZeroTime() {
    CompareReport r =
        report(
            List.of(ENABLED + "=always,never"),
            result("skylake", 0, List.of(), 0, phase("a", 0)),
            result("skylake", 0, List.of(), 0, phase("a", 10)));
    assertNull(r.ratio(1, "a"));
  }

  @Test
  void theTableHasAColumnPerVariantThenRatiosThenOneLinePerVariant() {
    CompareReport r =
        report(
            List.of("cpu=skylake,zen5", ENABLED + "=always,never"),
            result("skylake", 0, List.of(), 0, phase("fault", 1_234_500), phase("touch", 2_000)),
            result("skylake", 0, List.of(), 0, phase("fault", 2_469_000), phase("touch", 1_000)),
            result("zen5", 4096, List.of(), 0, phase("fault", 617_250)),
            result(
                "zen5",
                4096,
                List.of(new Failure("t.yaml:9:7", "expected vmstat.thp_fault_alloc == 1, got 0")),
                0,
                phase("fault", 1_234_500),
                phase("touch", 0)));
    String expected =
        """
        scenario  t (t.yaml)

               simulated µs                      ratio to the first variant
               skylake  skylake    zen5    zen5  skylake    zen5   zen5
        phase   always    never  always   never    never  always  never
        fault   1234.5   2469.0   617.3  1234.5     2.00    0.50   1.00
        touch      2.0      1.0       —     0.0     0.50       —   0.00

        variants
          cpu=skylake %1$s=always  cpu skylake, native               ok
          cpu=skylake %1$s=never   cpu skylake, native               ok
          cpu=zen5 %1$s=always     cpu zen5, guest on 4K host pages  ok
          cpu=zen5 %1$s=never      cpu zen5, guest on 4K host pages  FAILED (1)
              t.yaml:9:7: expected vmstat.thp_fault_alloc == 1, got 0
        """
            .formatted(ENABLED);
    assertEquals(expected, print(r::printText));
  }

  @Test
  void theScenarioAsWrittenIsOneColumnWithoutRatios() {
    CompareReport r = report(List.of(), result("", 0, List.of(), 0, phase("fault", 1_000)));
    String expected =
        """
        scenario  t (t.yaml)

               simulated µs
        phase  as written
        fault         1.0

        variants
          as written  cpu (none), native  ok
        """;
    assertEquals(expected, print(r::printText));
  }

  @Test
  void csvHasALinePerPhaseAndVariantWithEveryFigure() {
    CompareReport r =
        report(
            List.of(ENABLED + "=always,never"),
            result("skylake", 0, List.of(), 0, phase("fill, then \"touch\"", 1_234_500)),
            result("skylake", 0, List.of(), 0, phase("other", 2_000)));
    List<String> lines = print(r::printCsv).lines().toList();
    assertEquals(
        "phase,variant,simulated_us,ratio,accesses,tlb_l1_misses,tlb_l2_misses,walk_refs,"
            + "walk_mem_refs,faults_base,faults_huge,fault_ns,clear_ns,copy_ns,memset_ns,access_ns,"
            + "tlb_ns,swap_ns,background_ns,walk_refs_per_miss",
        lines.get(0));
    assertEquals(
        "\"fill, then \"\"touch\"\"\","
            + ENABLED
            + "=always,1234.5,1,100,10,4,10,5,3,0,0,0,0,0,0,0,0,0,2.5",
        lines.get(1));
    assertEquals(
        "\"fill, then \"\"touch\"\"\"," + ENABLED + "=never,,,,,,,,,,,,,,,,,,", lines.get(2));
    assertEquals("other," + ENABLED + "=always,,,,,,,,,,,,,,,,,,", lines.get(3));
    assertEquals(
        "other," + ENABLED + "=never,2,,100,10,4,10,5,3,0,0,0,0,0,0,0,0,0,2.5", lines.get(4));
    assertEquals(5, lines.size());
  }

  @Test
  void jsonHasTheOptionsAndPerVariantItsSettingsResultAndPhases() throws Exception {
    CompareReport r =
        report(
            List.of("machine.nested.host_pages=none,2M"),
            result("zen5", 0, List.of(), 9_000, phase("fault", 4_000)),
            result(
                "zen5",
                2L << 20,
                List.of(new Failure("t.yaml:3:1", "no")),
                12_000,
                phase("fault", 6_000)));
    JsonNode root = new ObjectMapper().readTree(r.json());
    assertEquals("t", root.get("scenario").asText());
    assertEquals("t.yaml", root.get("file").asText());
    assertEquals("machine.nested.host_pages", root.get("vary").get(0).get("key").asText());
    assertEquals("2M", root.get("vary").get(0).get("values").get(1).asText());
    JsonNode second = root.get("variants").get(1);
    assertEquals("machine.nested.host_pages=2M", second.get("name").asText());
    assertEquals("2M", second.get("settings").get("machine.nested.host_pages").asText());
    assertEquals(1, second.get("exit_code").asInt());
    assertEquals("zen5", second.get("cpu").asText());
    assertEquals(2L << 20, second.get("nested_host_page_size").asLong());
    assertEquals("t.yaml:3:1", second.get("failures").get(0).get("where").asText());
    assertEquals(12.0, second.get("simulated_us").asDouble());
    JsonNode fault = second.get("phases").get(0);
    assertEquals("fault", fault.get("name").asText());
    assertEquals(6.0, fault.get("simulated_us").asDouble());
    assertEquals(1.5, fault.get("ratio").asDouble());
    assertEquals(3, fault.get("costs").get("faults_base").asLong());
    assertEquals(2.5, fault.get("costs").get("walk_refs_per_miss").asDouble());
    assertEquals(1.0, root.get("variants").get(0).get("phases").get(0).get("ratio").asDouble());
  }

  @Test
  void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
    assertEquals("a,b", CompareReport.csvLine(List.of("a", "b")));
    assertEquals(",x,", CompareReport.csvLine(List.of("", "x", "")));
    assertEquals(
        "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"",
        CompareReport.csvLine(List.of("a,b", "say \"hi\"", "two\nlines")));
  }

  @Test
  void numbersArePlainDecimals() {
    assertEquals("1234.5", CompareReport.micros(1_234_500));
    assertEquals("10000000", CompareReport.micros(10_000_000_000L));
    assertEquals("0", CompareReport.micros(0));
    assertEquals("0.001", CompareReport.micros(1));
    assertEquals("0.333333", CompareReport.plain(1.0 / 3));
    assertEquals("2", CompareReport.plain(2.0));
    assertEquals("12345700", CompareReport.plain(12_345_678.9));
  }

  @Test
  void theMachineLineNamesCpuAndNesting() {
    assertEquals(
        "cpu zen5, guest on 2M host pages",
        CompareReport.machine(result("zen5", 2L << 20, List.of(), 0)));
    assertEquals("cpu (none), native", CompareReport.machine(result("", 0, List.of(), 0)));
    assertEquals("ok", CompareReport.status(result("", 0, List.of(), 0)));
  }

  private static CompareReport report(List<String> vary, RunResult... results) {
    List<Vary> varies = Vary.parseAll(vary);
    List<Variant> variants = Variant.expand(varies);
    List<CompareReport.Run> runs = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      runs.add(new CompareReport.Run(variants.get(i), results[i]));
    }
    return new CompareReport("t", "t.yaml", varies, runs);
  }

  private static RunResult result(
      String cpu, long hostPages, List<Failure> failures, long total, PhaseRecord... phases) {
    return new RunResult(
        "t",
        failures.isEmpty(),
        false,
        failures,
        Map.of(),
        Map.of(),
        List.of(),
        total,
        phases.length,
        List.of(phases),
        Map.of(),
        Map.of(),
        cpu,
        hostPages,
        "exact",
        "6.13",
        PhaseCosts.ZERO,
        MachineReport.NONE,
        false);
  }

  private static PhaseRecord phase(String name, long nanos) {
    return new PhaseRecord(name, 1_000, 1_000 + nanos, 1, costs(3, 4, 10));
  }

  private static PhaseCosts costs(long faultsBase, long walks, long walkRefs) {
    return new PhaseCosts(100, 10, walks, walkRefs, 5, faultsBase, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private static String print(Consumer<PrintWriter> printer) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    printer.accept(out);
    out.flush();
    return s.toString();
  }

  @Test
  void textCellsThatASpreadsheetWouldRunAreNeutralised() {
    assertEquals("'=HYPERLINK(\"x\")", CompareReport.textCell("=HYPERLINK(\"x\")"));
    assertEquals("'+1", CompareReport.textCell("+1"));
    assertEquals("'-cmd", CompareReport.textCell("-cmd"));
    assertEquals("'@SUM(A1)", CompareReport.textCell("@SUM(A1)"));
    assertEquals("'\tx", CompareReport.textCell("\tx"));
    assertEquals("first touch", CompareReport.textCell("first touch"));
    assertEquals("", CompareReport.textCell(""));
  }
}
