package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.scenario.op.Operations;

/**
 * The partial-order reduction finds the distinct violations the plain search finds. The shipped
 * btrfs scenarios are too large to exhaust without state hashing in a test;
 * tools/bench/explore-family measures those.
 */
class ReductionIT {

  private static Explorer.Report explore(String text, Explorer.Mode mode) throws Exception {
    return new ScenarioSession(new Launch(KmodelHome.locate()))
        .explore(Operations.parser().parse("s.yaml", text), true, 100_000, 1, mode);
  }

  private static Set<String> groups(Explorer.Report r) {
    Set<String> out = new TreeSet<>();
    r.groups().forEach(g -> out.add(g.kind() + ": " + g.pattern()));
    return out;
  }

  @Test
  void twoDirectWritersShowTheSameExpectFailure() throws Exception {
    Explorer.Report plain = explore(ExplorePropertiesIT.WRITERS, Explorer.Mode.PLAIN);
    Explorer.Report reduced = explore(ExplorePropertiesIT.WRITERS, Explorer.Mode.REDUCED);
    assertTrue(reduced.exhausted());
    assertEquals(groups(plain), groups(reduced));
    assertEquals(plain.finalStates(), reduced.finalStates());
    assertEquals(Set.of("expect: s.yaml:12:14: expected data.f.# == #, got #"), groups(reduced));
  }

  /** A preemption bound of 0 still runs each writer whole, in either order. */
  @Test
  void boundedByPreemptionsTheWritersStillFail() throws Exception {
    Explorer.Report r =
        explore(ExplorePropertiesIT.WRITERS, new Explorer.Mode(false, 0, Integer.MAX_VALUE));
    assertEquals(Set.of("expect: s.yaml:12:14: expected data.f.# == #, got #"), groups(r));
  }
}
