package org.kmodel.kernel.run;

/**
 * Why a run did not succeed.
 *
 * @param where {@code file:line:column} of the step or expectation, or empty for the run as a whole
 * @param message what went wrong
 */
public record Failure(String where, String message) {
  @Override
  public String toString() {
    return where.isEmpty() ? message : where + ": " + message;
  }
}
