package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Phase;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code phase: NAME}: starts a named phase of the report; see {@link Phase}. */
final class PhaseOp extends Action<Phase> {

  PhaseOp() {
    super("phase", Phase.class);
  }

  @Override
  public Phase parse(OpInput in) {
    Args a = in.args("name", "name");
    String name = a.text("name");
    in.names().startPhase(name);
    return name == null ? null : new Phase(in.at(), name);
  }

  @Override
  public boolean counted() {
    return false;
  }

  @Override
  void run(Phase step, StepContext ctx) {
    ctx.startPhase(step.name());
  }
}
