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
 * The partial-order reduction finds the distinct violations the plain search finds: on two writers
 * of one file, on the shipped race B scenarios under both relocation strategies (the 4.6 race
 * found, 4.7 clean), and on an {@code always} predicate that only an intermediate state breaks. The
 * race A scenarios, whose buffered writes, fsync and reads declare no footprint, are too large to
 * exhaust with the reduction in a test; tools/bench/explore-family measures the growth.
 */
class ReductionIT {

  private static Explorer.Report explore(String text, Explorer.Mode mode) throws Exception {
    return new ScenarioSession(new Launch(KmodelHome.locate()))
        .explore(Operations.parser().parse("s.yaml", text), true, 100_000, 1, mode);
  }

  private static Explorer.Report exploreShipped(String name, Explorer.Mode mode) throws Exception {
    java.nio.file.Path file = KmodelHome.locate().scenarios().resolve("btrfs/" + name);
    return new ScenarioSession(new Launch(KmodelHome.locate()))
        .explore(
            Operations.parser().parse(file.toString(), java.nio.file.Files.readString(file)),
            true,
            100_000,
            1,
            mode);
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

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"race-b-flush-delalloc.yaml", "race-b-wait-reservations.yaml"})
  void theShippedRaceBScenariosShowTheSameGroupsAndFinalStates(String name) throws Exception {
    Explorer.Report plain = exploreShipped(name, Explorer.Mode.PLAIN);
    Explorer.Report reduced = exploreShipped(name, Explorer.Mode.REDUCED);
    assertTrue(plain.exhausted() && reduced.exhausted(), reduced.toString());
    assertEquals(groups(plain), groups(reduced));
    assertEquals(plain.finalStates(), reduced.finalStates());
    assertEquals(name.contains("flush"), reduced.found(), groups(reduced).toString());
  }

  /**
   * Two writers of different files: each reserves (reservations++), then submits its bio
   * (reservations--). Only the order where both reserve before either submits has two reservations
   * at once. One writer's submit and the other's reserve commute (counter updates), so without the
   * visibility rule the reduction could take only the orders that never pass through that state;
   * with it, the steps that change a metric an {@code always} reads are kept in order.
   */
  @Test
  void anAlwaysBrokenOnlyBetweenIndependentStepsIsStillFound() throws Exception {
    String text =
        """
        name: two-writers-reservations
        bundles: btrfs
        machine: {memory: 16M}
        always:
          bg.2.reservations: "<= 1"
        steps:
          - mkfs: {device: 8G}
          - create: f
          - create: g
          - tasks:
              first:
                - write: {file: f, offset: 0, length: 4K, value: 1, direct: true}
              second:
                - write: {file: g, offset: 0, length: 4K, value: 2, direct: true}
        """;
    Explorer.Report plain = explore(text, Explorer.Mode.PLAIN);
    Explorer.Report reduced = explore(text, Explorer.Mode.REDUCED);
    assertTrue(reduced.exhausted());
    assertEquals(Set.of("always: bg.2.reservations <= 1"), groups(plain));
    assertEquals(groups(plain), groups(reduced));
  }
}
