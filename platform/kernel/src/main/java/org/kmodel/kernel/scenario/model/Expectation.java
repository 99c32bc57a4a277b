package org.kmodel.kernel.scenario.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.kmodel.kernel.scenario.value.Comparison;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * One line of an {@code expect} step: a metric and what its value must match — one value for every
 * run, or one per implementation ({@code {thp-linux: 0, thp-ingens: ">= 2048", other: 0}}).
 *
 * @param where where the metric is written
 * @param metric the metric's name, of one of the forms {@code vmstat.<counter>}, {@code
 *     meminfo.<Field>}, {@code smaps.<pid>.<region>.<Field>}, {@code knob.<path>}, {@code
 *     huge.<pid>.<region>}, {@code fs.<stat>}, {@code bg.<number>.<field>}, {@code
 *     data.<file>.<offset>} (the offset as written, a size: {@link Sizes#parse} reads it)
 * @param expected what the metric's value must match, or {@code null} when {@code byImplementation}
 *     says it
 * @param byImplementation what the metric must match by implementation name ({@code kmodel.name}),
 *     {@link #OTHER} for none of them, in the order written; empty when {@code expected} says it
 */
public record Expectation(
    Location where, String metric, Comparison expected, Map<String, Comparison> byImplementation) {

  /** The key of the value that applies when no other key names an implementation in a slot. */
  public static final String OTHER = "other";

  /** Checks that exactly one of the two forms is given; copies the map, keeping its order. */
  public Expectation {
    byImplementation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byImplementation));
    if ((expected == null) == byImplementation.isEmpty()) {
      throw new IllegalArgumentException("an expectation has one value or one per implementation");
    }
  }

  /** An expectation with one value for every run. */
  public Expectation(Location where, String metric, Comparison expected) {
    this(where, metric, Objects.requireNonNull(expected), Map.of());
  }

  /**
   * What the metric must match while the implementations named {@code occupants} fill the slots:
   * the single value; else the first key written that names one of them; else {@link #OTHER}'s;
   * else {@code null}, and the metric is not checked.
   */
  public Comparison applicable(Collection<String> occupants) {
    if (expected != null) {
      return expected;
    }
    for (Map.Entry<String, Comparison> e : byImplementation.entrySet()) {
      if (occupants.contains(e.getKey())) {
        return e.getValue();
      }
    }
    return byImplementation.get(OTHER);
  }
}
