package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;

class CompareChartTest {
  @TempDir Path dir;

  @Test
  void theFormatIsTheExtension() {
    assertEquals(CompareChart.Format.PNG, CompareChart.Format.of(Path.of("out/a.png")));
    assertEquals(CompareChart.Format.PNG, CompareChart.Format.of(Path.of("A.PNG")));
    assertEquals(CompareChart.Format.SVG, CompareChart.Format.of(Path.of("a.svg")));
    assertNull(CompareChart.Format.of(Path.of("a.gif")));
    assertNull(CompareChart.Format.of(Path.of("png")));
  }

  @Test
  void theAxisIsLogarithmicBeyondTwoOrdersOfMagnitudeFromThePowerOfTenBelow() {
    assertEquals(0, CompareChart.logAxisMin(Arrays.asList(1.0, 100.0, 0.0, null)));
    assertEquals(0.1, CompareChart.logAxisMin(Arrays.asList(1.0, 100.5, 0.0, null)), 1e-12);
    assertEquals(1, CompareChart.logAxisMin(Arrays.asList(3.0, 1000.0)), 1e-12);
    assertEquals(1e-3, CompareChart.logAxisMin(Arrays.asList(0.005, 10.0)), 1e-15);
    assertEquals(0, CompareChart.logAxisMin(Arrays.asList(0.0, null)));
  }

  @Test
  void writesAPngOffScreen() throws Exception {
    Path png = dir.resolve("c.png");
    CompareChart.write(report(), png, CompareChart.Format.PNG);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a PNG");
    assertTrue(image.getWidth() >= 800 && image.getHeight() >= 500);
  }

  @Test
  void writesAnSvg() throws Exception {
    Path svg = dir.resolve("c.svg");
    CompareChart.write(report(), svg, CompareChart.Format.SVG);
    String text = Files.readString(svg);
    assertTrue(text.startsWith("<?xml"), text.substring(0, Math.min(80, text.length())));
    assertTrue(text.contains("<svg"));
    // well-formed, and its words are text: the title, the legend's title, the phases
    org.w3c.dom.Document doc =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(svg.toFile());
    org.w3c.dom.NodeList texts = doc.getElementsByTagName("text");
    List<String> words = new java.util.ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) {
      words.add(texts.item(i).getTextContent());
    }
    assertTrue(words.contains("variants"), words.toString());
    assertTrue(words.contains("phase"), words.toString());
    assertEquals(0, doc.getElementsByTagName("path").getLength());
  }

  @Test
  void aChartReplacesThePreviousOneWholeAndLeavesNoPartialFileBehind() throws Exception {
    Path svg = dir.resolve("c.svg");
    Files.writeString(svg, "the previous chart");
    CompareChart.write(report(), svg, CompareChart.Format.SVG);
    assertTrue(Files.readString(svg).contains("<svg"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(svg), files.toList(), "only the chart in its directory");
    }
  }

  @Test
  void variantsWhoseLabelsCoincideStillGetTheirOwnBars() throws Exception {
    List<Vary> varies = Vary.parseAll(List.of("boot=a b,a", "/sys/kernel/mm/k=c,b c"));
    List<CompareReport.Run> runs = new ArrayList<>();
    for (Variant v : Variant.expand(varies)) {
      runs.add(
          new CompareReport.Run(v, run(List.of(new PhaseRecord("p", 0, 5, 1, PhaseCosts.ZERO)))));
    }
    assertEquals(runs.get(0).variant().label(), runs.get(3).variant().label());
    Path png = dir.resolve("same.png");
    CompareChart.write(
        new CompareReport("t", "t.yaml", varies, runs), png, CompareChart.Format.PNG);
    assertNotNull(ImageIO.read(png.toFile()));
  }

  /**
   * Three variants whose phases span five orders of magnitude (a log axis), with a zero-length
   * phase and a phase one run lacks: the bars a log axis cannot show are left out.
   */
  private static CompareReport report() {
    List<Vary> varies =
        Vary.parseAll(List.of("/sys/kernel/mm/transparent_hugepage/enabled=always,madvise,never"));
    List<Variant> variants = Variant.expand(varies);
    long[][] nanos = {{1_000, 100_000_000, 0}, {2_000, 50_000_000, 10}, {3_000, 10_000_000}};
    List<CompareReport.Run> runs = new ArrayList<>();
    for (int v = 0; v < nanos.length; v++) {
      List<PhaseRecord> phases = new ArrayList<>();
      String[] names = {"memset page fault", "random access tlb miss", "exit"};
      for (int p = 0; p < nanos[v].length; p++) {
        phases.add(new PhaseRecord(names[p], 0, nanos[v][p], 1, PhaseCosts.ZERO));
      }
      runs.add(new CompareReport.Run(variants.get(v), run(phases)));
    }
    return new CompareReport("chart", "chart.yaml", varies, runs);
  }

  private static RunResult run(List<PhaseRecord> phases) {
    return new RunResult(
        "chart",
        true,
        false,
        List.of(),
        Map.of(),
        Map.of(),
        List.of(),
        0,
        0,
        phases,
        Map.of(),
        Map.of(),
        "zen5",
        0,
        "exact",
        "6.13",
        PhaseCosts.ZERO,
        MachineReport.NONE,
        false);
  }
}
