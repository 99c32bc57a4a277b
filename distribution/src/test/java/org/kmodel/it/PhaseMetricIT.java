package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure {@code kmodel run --json} prints for a phase can be expected as {@code
 * phase.<name>.<field>} under the same name, and reads the same value.
 */
class PhaseMetricIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STEPS =
      """
      name: phases
      machine: {memory: 256M}
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 8M, align: 2M}
        - phase: fill
        - fill: {pid: p1, region: a, value: 1}
        - phase: touch
        - touch: {pid: p1, region: a, access: read, pattern: random, count: 5000}
        - phase: end
      """;

  @TempDir Path dir;

  @Test
  void everyPhaseFigureOfTheReportIsAMetricWithItsValue() throws Exception {
    Path first = dir.resolve("phases.yaml");
    Files.writeString(first, STEPS);
    Cli r = Cli.run("run", "--json", "--no-deploy", first.toString());
    assertEquals(0, r.exitCode(), r.err());
    StringBuilder expect = new StringBuilder("  - expect:\n");
    int fields = 0;
    for (JsonNode phase : JSON.readTree(r.out()).get("phases")) {
      String name = phase.get("name").asText();
      if (name.equals("end")) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> it = phase.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isNumber()) {
          expect.append(line(name, f.getKey(), f.getValue()));
          fields++;
        }
      }
      it = phase.get("costs").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        expect.append(line(name, f.getKey(), f.getValue()));
        fields++;
      }
    }
    assertTrue(fields >= 2 * 19, expect.toString());
    Path second = dir.resolve("expect.yaml");
    Files.writeString(second, STEPS + expect);
    Cli again = Cli.run("run", "--no-deploy", second.toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
  }

  private static String line(String phase, String field, JsonNode value) {
    return "      phase." + phase + "." + field + ": " + value.asText() + "\n";
  }
}
