package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.explore.ReplayToken;
import org.kmodel.kernel.explore.TraceEntry;

/**
 * Race A of the Linux 4.7 fix "Btrfs: don't do unnecessary delalloc flushes when relocating": a COW
 * O_DIRECT write reserves an extent in a block group that is being relocated. Under the 4.6
 * strategy the extent is missed by the MOVE pass and its chunk removed; a read then fails with
 * "unable to find logical". Under the 4.7 strategy no interleaving loses it.
 */
class DirectIoRelocationRaceTest {

  @Test
  void underFlushDelallocTheExplorerFindsTheLostExtent() throws Exception {
    Explorer.Report r = RaceExploration.explore("race-a-flush-delalloc.yaml", false);
    assertTrue(r.found());
    List<String> messages = r.violations().get(0).messages();
    assertTrue(
        messages.stream()
            .anyMatch(
                m -> m.matches("read of f at offset 0: unable to find logical \\d+ len 4096")),
        messages.toString());
    assertTrue(
        messages.stream()
            .anyMatch(
                m ->
                    m.matches(
                        "file extent item of f at offset 0 points to logical \\d+ in removed"
                            + " chunk \\d+")),
        messages.toString());
    List<TraceEntry> trace = r.violations().get(0).trace();
    int reserve = indexOf(trace, "writer", "find_free_extent + reserve: f");
    int readOnly = indexOf(trace, "relocator", "set block group");
    int ordered = indexOf(trace, "writer", "create DIRECT ordered extent");
    int remove = indexOf(trace, "relocator", "remove chunk");
    assertTrue(reserve < readOnly && readOnly < ordered && ordered < remove, trace.toString());
  }

  @Test
  void theReplayTokenReproducesTheSameInterleaving() throws Exception {
    Explorer.Violation v =
        RaceExploration.explore("race-a-flush-delalloc.yaml", false).violations().get(0);
    Cli r =
        Cli.run(
            "run",
            "--json",
            "--no-deploy",
            "--replay",
            v.token(),
            RaceExploration.scenario("race-a-flush-delalloc.yaml").toString());
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.out().contains("unable to find logical"), r.out());
    assertTrue(ReplayToken.decode(v.token()).length > 0);
  }

  @Test
  void underWaitReservationsEveryInterleavingKeepsTheData() throws Exception {
    Explorer.Report r = RaceExploration.explore("race-a-wait-reservations.yaml", true);
    assertFalse(r.found(), r.violations().toString());
    assertTrue(r.exhausted());
    assertTrue(r.executions() > 1, "more than one interleaving explored: " + r.executions());
  }

  private static int indexOf(List<TraceEntry> trace, String task, String prefix) {
    for (int i = 0; i < trace.size(); i++) {
      if (trace.get(i).task().equals(task) && trace.get(i).step().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no step '" + prefix + "' of " + task + " in " + trace);
  }
}
