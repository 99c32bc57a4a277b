package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.container.KmodelHome;

/**
 * The shipped {@code sampling.yaml}: its time series as JSON and CSV, and its HTML report as a
 * browser sees it (HtmlUnit, scripts on): summary, phases, counters, and charts whose labels are
 * text.
 */
class TimeSeriesIT {
  @TempDir Path dir;

  private String scenario() {
    return KmodelHome.locate().scenarios().resolve("sampling.yaml").toString();
  }

  @Test
  void theSeriesGoesToJsonAndCsv() throws Exception {
    Path csv = dir.resolve("s.csv");
    Cli run = Cli.run("run", "--no-deploy", "--json", "--csv", csv.toString(), scenario());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode series = new ObjectMapper().readTree(run.out()).get("series");
    assertEquals(50_000_000, series.get("every_ns").asLong());
    JsonNode hugePages = series.get("values").get("meminfo.AnonHugePages");
    assertEquals(series.get("time_ns").size(), hugePages.size());
    assertEquals(0, hugePages.get(0).asLong());
    assertEquals(65536, hugePages.get(hugePages.size() - 1).asLong());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "time_ns,meminfo.AnonHugePages,vmstat.thp_collapse_alloc,smaps.p1.buf.Rss", lines.get(0));
    assertEquals(series.get("time_ns").size() + 1, lines.size());
    assertTrue(run.err().contains("kmodel: time series written to " + csv), run.err());
  }

  @Test
  void theHtmlReportReadsInABrowser() throws Exception {
    Path html = dir.resolve("report.html");
    Cli run = Cli.run("run", "--no-deploy", "--plot", html.toString(), scenario());
    assertEquals(0, run.exitCode(), run.err());
    try (WebClient browser = new WebClient(BrowserVersion.FIREFOX)) {
      HtmlPage page = browser.getPage(html.toUri().toURL());
      assertEquals("kmodel: sampling", page.getTitleText());
      assertTrue(page.getElementById("summary").asNormalizedText().contains(": ok, "));
      HtmlTable counters = (HtmlTable) page.getElementById("vmstat");
      assertTrue(
          counters.getRows().stream()
              .anyMatch(
                  r ->
                      r.getCell(0).asNormalizedText().equals("thp_collapse_alloc")
                          && r.getCell(1).asNormalizedText().equals("32")),
          counters.asNormalizedText());
      List<DomNode> labels = page.getByXPath("//*[local-name()='svg']//*[local-name()='text']");
      List<String> text = labels.stream().map(DomNode::getTextContent).toList();
      assertTrue(text.contains("meminfo.AnonHugePages"), text.toString());
      assertTrue(text.contains("simulated time (ms)"), text.toString());
    }
  }

  @Test
  void plotWithoutASampleStepIsBadInput() throws Exception {
    Path plain = Files.writeString(dir.resolve("p.yaml"), "name: p\nsteps:\n  - spawn: p1\n");
    Cli run = Cli.run("run", "--no-deploy", "--plot", dir.resolve("x.svg").toString(), "" + plain);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--plot: the scenario has no sample step"), run.err());
  }
}
