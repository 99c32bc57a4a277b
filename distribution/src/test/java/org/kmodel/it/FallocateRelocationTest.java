package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.kernel.explore.Explorer;

/**
 * A fallocate racing the relocation of its block group under the 4.6 strategy. The prealloc path
 * holds a transaction handle from the extent reservation to the file extent item insert, and {@code
 * prepare_to_relocate}'s commit waits for it, so the MOVE pass always sees the extent: Linux 4.6
 * has no bug here, and neither has the model now that commits wait for open handles.
 */
class FallocateRelocationTest {

  @Test
  void underFlushDelallocNoInterleavingLosesThePreallocatedExtent() throws Exception {
    Explorer.Report r = RaceExploration.explore("fallocate-flush-delalloc.yaml", true);
    assertFalse(r.found(), r.violations().toString());
    assertTrue(r.exhausted());
    assertTrue(r.executions() > 1, "more than one interleaving explored: " + r.executions());
  }
}
