package org.kmodel.kernel.scenario.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kmodel.kernel.cost.CostMode;

/**
 * A parsed scenario file (see {@code docs/SCENARIOS.md}): which bundles to compose, how the machine
 * is built and set, and what happens, step by step. Names are checked (every pid, region and file a
 * step uses was introduced by an earlier step, and filesystem steps follow the one mkfs); whether
 * bundles, slots and knobs exist is for the container and the kernel to check, at the locations
 * recorded here.
 *
 * @param name the scenario's name
 * @param description one line, or empty
 * @param seed the seed that makes the run deterministic; 0 unless given
 * @param bundles the bundles to compose; the set {@code default} unless given
 * @param slots plugin slot id ({@code arch, allocator, thp-policy, filesystem, relocation}) to the
 *     implementation to fill it with, in file order; empty unless given
 * @param machine the simulated machine
 * @param boot the kernel command line, or empty
 * @param knobs knob writes applied after boot, in order
 * @param steps what happens, in order
 * @param file the file the scenario was read from, as named to the parser
 * @param sites where the steps' arguments and the machine's keys are written
 * @param always the state predicates of {@code always:}, checked after every step; empty unless
 *     given
 */
public record Scenario(
    String name,
    String description,
    long seed,
    BundleSelection bundles,
    Map<String, String> slots,
    Machine machine,
    String boot,
    List<KnobWrite> knobs,
    List<Step> steps,
    String file,
    ArgumentSites sites,
    List<Expectation> always) {

  /** The plugin slots a scenario can fill ({@code slots:}) or swap ({@code swap} steps). */
  public static final List<String> SLOT_IDS =
      List.of("arch", "allocator", "thp-policy", "filesystem", "relocation");

  /** Copies the collections so that a scenario cannot change once parsed. */
  public Scenario {
    slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    knobs = List.copyOf(knobs);
    steps = List.copyOf(steps);
    always = List.copyOf(always);
    Objects.requireNonNull(sites, "sites");
  }

  /** This scenario on another machine. */
  public Scenario withMachine(Machine m) {
    return new Scenario(
        name, description, seed, bundles, slots, m, boot, knobs, steps, file, sites, always);
  }

  /**
   * This scenario as the explorer and a replay run it: with the cost model off unless the scenario
   * names a cost mode, so that a replay token found by the explorer replays the same schedule.
   */
  public Scenario forExploration() {
    return machine.cost() == null ? withMachine(machine.withCost(CostMode.OFF)) : this;
  }
}
