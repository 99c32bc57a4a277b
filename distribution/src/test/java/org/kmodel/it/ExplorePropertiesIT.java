package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.explore.ReplayToken;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;

/** The explorer checks a scenario's expect lines and always predicates in every interleaving. */
class ExplorePropertiesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two O_DIRECT writers of the same 4K: the last one to complete decides what the file holds. */
  static final String WRITERS =
      """
      name: two-direct-writers
      bundles: btrfs
      machine: {memory: 16M}
      steps:
        - mkfs: {device: 8G}
        - create: f
        - tasks:
            first:
              - write: {file: f, offset: 0, length: 4K, value: 1, direct: true}
            second:
              - write: {file: f, offset: 0, length: 4K, value: 2, direct: true}
        - expect: {data.f.0: 2}
      """;

  @TempDir Path dir;

  private static Explorer.Report explore(String name, String text) throws Exception {
    return new ScenarioSession(new Launch(KmodelHome.locate()))
        .explore(Operations.parser().parse(name, text), true, 100_000);
  }

  /**
   * Each writer runs three steps (reserve, write, IO completion), all in one go once chosen: the
   * scenario task is alone until the tasks start, and a writer's steps leave nothing for the other
   * to interleave with that changes the state hash, so the two orders are the only executions.
   */
  @Test
  void anExpectThatFailsInOneInterleavingIsFound() throws Exception {
    Explorer.Report r = explore("writers.yaml", WRITERS);
    assertTrue(r.exhausted());
    assertTrue(r.found(), r.toString());
    assertEquals(1, r.groups().size(), r.groups().toString());
    Explorer.Group g = r.groups().get(0);
    assertEquals("expect", g.kind());
    assertEquals("writers.yaml:12:14: expected data.f.0 == 2, got 1", g.first().message());
    ScenarioSession.Outcome again =
        new ScenarioSession(new Launch(KmodelHome.locate()))
            .run(
                Operations.parser().parse("writers.yaml", WRITERS),
                RunOptions.defaults(),
                null,
                ReplayToken.decode(g.first().token()));
    assertEquals(
        List.of("expected data.f.0 == 2, got 1"),
        again.result().failures().stream().map(Failure::message).toList());
  }

  @Test
  void anAlwaysViolationIsFoundAndItsTokenReplaysIt() throws Exception {
    String text =
        Files.readString(RaceExploration.scenario("race-a-flush-delalloc.yaml"))
            + "always: {data.f.0: \">= 0\", fs.unmapped_io: 0}\n";
    Explorer.Report r = explore("race-a.yaml", text);
    Explorer.Group data =
        r.groups().stream().filter(g -> g.pattern().equals("data.f.0 >= 0")).findFirst().get();
    assertEquals("always", data.kind());
    assertTrue(
        data.shortest().message().matches("always data.f.0 >= 0 broken after step \\d+ .*got -1"),
        data.shortest().message());
    assertTrue(data.shortest().trace().size() <= data.first().trace().size());
    Scenario scenario = Operations.parser().parse("race-a.yaml", text);
    ScenarioSession.Outcome again =
        new ScenarioSession(new Launch(KmodelHome.locate()))
            .run(
                scenario, RunOptions.defaults(), null, ReplayToken.decode(data.shortest().token()));
    assertFalse(again.result().ok());
    assertTrue(
        again.result().failures().stream()
            .anyMatch(
                f ->
                    f.where().equals("race-a.yaml:22:10")
                        && f.message().equals(data.shortest().message())),
        again.result().failures().toString());
  }

  /**
   * Under reloc-flush-delalloc a NOCOW writer of a preallocated extent can lose its data to the
   * relocation; two such writers at two offsets are one bug, reported as one group whose instances
   * are the offsets it was met at.
   */
  @Test
  void oneBugAtSeveralOffsetsIsOneGroup() throws Exception {
    String text =
        """
        name: three-nocow-writers
        bundles: btrfs
        machine: {memory: 16M}
        slots: {relocation: reloc-flush-delalloc}
        steps:
          - mkfs: {device: 8G}
          - create: n
          - fallocate: {file: n, length: 8K}
          - commit: {}
          - tasks:
              w0:
                - write: {file: n, offset: 0, length: 4K, value: 9, direct: true}
              w1:
                - write: {file: n, offset: 4K, length: 4K, value: 9, direct: true}
              relocator:
                - relocate: {group: 2}
          - read: {file: n, length: 8K}
        """;
    Explorer.Report r = explore("nocow.yaml", text);
    List<Explorer.Group> stale =
        r.groups().stream().filter(g -> g.pattern().startsWith("stale data read")).toList();
    assertEquals(1, stale.size(), r.groups().toString());
    assertEquals(
        "stale data read at file n offset #: got #, last written #", stale.get(0).pattern());
    assertEquals(2, stale.get(0).instances());
  }

  @Test
  void theJsonReportCarriesGroupsSummaryAndCoverage() throws Exception {
    Path file = Files.writeString(dir.resolve("writers.yaml"), WRITERS);
    Cli c = Cli.run("explore", "--all", "--json", file.toString());
    assertEquals(1, c.exitCode(), c.err());
    JsonNode root = JSON.readTree(c.out());
    // Either writer goes first (the other's reservation waits for the first's io-tree lock to go
    // with its completion); the second write's completion, a task of its own, then runs before,
    // between or after the scenario's wait and expect steps and the other tasks' ends: 7 orders
    // each, 14 in all, half of them with the value-1 writer last. Two final states: 1 or 2.
    assertEquals(14, root.get("executions").asLong());
    assertEquals(2, root.get("finalStates").asLong());
    assertEquals(15, root.get("maxDepth").asInt());
    JsonNode group = root.get("groups").get(0);
    assertEquals("expect", group.get("kind").asText());
    assertEquals(1, group.get("instances").asInt());
    assertEquals(7, group.get("executions").asLong());
    assertEquals(15, group.get("shortest").get("steps").asInt());
    assertTrue(group.get("shortest").get("token").asText().startsWith("i2-"));
    assertEquals("first", root.get("coverage").get(1).get("task").asText());
    JsonNode step = root.get("coverage").get(1).get("steps").get(0);
    assertEquals("find_free_extent + reserve: f offset # len #", step.get("step").asText());
    assertEquals(14, step.get("executions").asLong());
    assertEquals(0, root.get("coverage").get(0).get("neverRun").size());
    Cli text = Cli.run("explore", "--all", file.toString());
    for (String line : text.out().split("\n")) {
      assertTrue(line.length() <= 100, line);
    }
  }
}
