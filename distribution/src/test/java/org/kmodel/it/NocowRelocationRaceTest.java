package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.explore.Explorer;

/**
 * Race B, fixed in Linux 4.7 by the per-block-group nocow_writers counter: a NOCOW O_DIRECT write
 * into a preallocated extent of a block group being relocated. Under the 4.6 strategy the write
 * lands in the old extent after relocation copied it, and the file silently reads the old data.
 * Under the 4.7 strategy no interleaving reads stale data.
 */
class NocowRelocationRaceTest {

  @Test
  void underFlushDelallocTheExplorerFindsStaleDataReadBack() throws Exception {
    Explorer.Report r = RaceExploration.explore("race-b-flush-delalloc.yaml", false);
    assertTrue(r.found());
    List<String> messages = r.violations().get(0).messages();
    assertTrue(
        messages.contains("stale data read at file n offset 0: got 0, last written 9"),
        messages.toString());
    assertFalse(
        messages.stream().anyMatch(m -> m.contains("unable to find logical")),
        "race B loses data silently, the chunk mapping is fine: " + messages);
  }

  @Test
  void underWaitReservationsEveryInterleavingReadsTheNewData() throws Exception {
    Explorer.Report r = RaceExploration.explore("race-b-wait-reservations.yaml", true);
    assertFalse(r.found(), r.violations().toString());
    assertTrue(r.exhausted());
  }
}
