package org.kmodel.kernel.scenario.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the value of each argument of a step, and of each key of the {@code machine:} section, is
 * written. A check that can only be made once the machine is known — a size against the
 * architecture's base page — points at the value it refuses rather than at its step.
 */
public final class ArgumentSites {
  /** No sites known: every check points at its step. */
  public static final ArgumentSites NONE = new ArgumentSites(Map.of());

  private final Map<Location, Map<String, Location>> sites;

  /**
   * @param sites by where a step's op (or the {@code machine} key) is written: the location of each
   *     argument's value, by the argument's name
   */
  public ArgumentSites(Map<Location, Map<String, Location>> sites) {
    Map<Location, Map<String, Location>> copy = new HashMap<>();
    sites.forEach((owner, values) -> copy.put(owner, Map.copyOf(values)));
    this.sites = Map.copyOf(copy);
  }

  /**
   * Where the value of argument {@code name} of the step or section written at {@code owner} is
   * written; {@code owner} itself when that is not known (an argument left at its default).
   */
  public Location of(Location owner, String name) {
    return sites.getOrDefault(owner, Map.of()).getOrDefault(name, owner);
  }
}
