package org.kmodel.kernel.scenario.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.api.KernelVersion;

class KernelReleasesTest {

  @Test
  void theNamedReleasesReadAsUnamePrintsThem() {
    for (KernelVersion v : KernelReleases.NAMED) {
      assertEquals(v, KernelReleases.parse(v.toString()));
    }
    assertEquals("2.6.38", KernelReleases.parse("2.6.38").toString());
    assertEquals(KernelReleases.NEWEST, KernelReleases.parse("6.13+"));
  }

  @Test
  void aReleaseBetweenNamedOnesHasEveryChangeUpToItAndNoneAfter() {
    KernelVersion v = KernelReleases.parse("6.6");
    assertTrue(v.atLeast(6, 1));
    assertFalse(v.atLeast(6, 7));
    assertTrue(KernelReleases.parse("2.6.39").atLeast(2, 6, 39));
    assertTrue(KernelReleases.parse("3.8").atLeast(2, 6, 39));
    assertTrue(KernelReleases.parse("6.1.55").atLeast(6, 1));
    assertFalse(KernelReleases.parse("6.1.55").atLeast(6, 2));
  }
}
