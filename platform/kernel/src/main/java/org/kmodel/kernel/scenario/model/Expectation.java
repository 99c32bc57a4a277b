package org.kmodel.kernel.scenario.model;

import org.kmodel.kernel.scenario.value.Comparison;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * One line of an {@code expect} step: a metric and what its value must match.
 *
 * @param where where the metric is written
 * @param metric the metric's name, of one of the forms {@code vmstat.<counter>}, {@code
 *     meminfo.<Field>}, {@code smaps.<pid>.<region>.<Field>}, {@code knob.<path>}, {@code
 *     huge.<pid>.<region>}, {@code fs.<stat>}, {@code bg.<number>.<field>}, {@code
 *     data.<file>.<offset>} (the offset as written, a size: {@link Sizes#parse} reads it)
 * @param expected what the metric's value must match
 */
public record Expectation(Location where, String metric, Comparison expected) {}
