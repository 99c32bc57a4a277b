package org.kmodel.kernel.scenario.model;

/**
 * One thing wrong with a scenario file: where it is and a message that says what is wrong and what
 * would be right.
 */
public record Problem(Location where, String message) {

  /** Returns {@code file:line:column: message}. */
  @Override
  public String toString() {
    return where + ": " + message;
  }
}
