package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Step;

/**
 * An op whose step runs as one atomic step of its task: nothing else runs between its start and its
 * end.
 */
public abstract non-sealed class Action<S extends Step> extends Operation<S> {

  Action(String name, Class<S> type) {
    super(name, type);
  }

  /**
   * Runs one step. A failure the step should report (EINVAL, a dead process, a data mismatch) goes
   * to {@link StepContext#fail}; an {@code MmException} fails the step with its message; a {@link
   * BadInputException} stops the run.
   */
  abstract void run(S step, StepContext ctx);

  /** Runs {@code step}, which must be one of this op's. */
  public final void execute(Step step, StepContext ctx) {
    run(cast(step), ctx);
  }
}
