package org.kmodel.kernel.scenario.model;

/**
 * {@code phase: NAME}: starts a named phase; simulated time, faults and TLB figures are reported
 * per phase.
 *
 * @param where where the op is written
 * @param name the phase's name
 */
public record Phase(Location where, String name) implements Step {

  @Override
  public String op() {
    return "phase";
  }
}
