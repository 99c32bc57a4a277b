package org.kmodel.kernel.scenario.model;

/**
 * {@code unpin: NAME} or {@code unpin: {pin: NAME}}: drops a pin made by {@code pin}.
 *
 * @param where where the op is written
 * @param name the pin
 */
public record Unpin(Location where, String name) implements Step {

  @Override
  public String op() {
    return "unpin";
  }
}
