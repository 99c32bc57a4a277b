package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.cost.PhaseCosts;

/**
 * A phase's figures as an {@code expect} step reads them: an ended phase's as the report gives
 * them, a running phase's so far.
 *
 * @param startNanos simulated time the phase started
 * @param endNanos when it ended, or now while it runs
 * @param steps steps counted in it (the {@code expect} reading a running phase included)
 * @param costs what the cost model counted in it
 */
public record PhaseFigures(long startNanos, long endNanos, long steps, PhaseCosts costs) {}
