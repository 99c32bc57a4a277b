package org.kmodel.kernel.scenario.model;

/**
 * {@code cancel-balance: {}}: asks a running balance to stop after the block group it is
 * relocating.
 *
 * @param where where the op is written
 */
public record CancelBalance(Location where) implements Step {

  @Override
  public String op() {
    return "cancel-balance";
  }
}
