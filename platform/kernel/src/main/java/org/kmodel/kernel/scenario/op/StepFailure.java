package org.kmodel.kernel.scenario.op;

/**
 * A filesystem step that could not start, with the reason; the run records it as the step's failure
 * and goes on.
 */
public final class StepFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailure(String message) {
    super(message);
  }
}
