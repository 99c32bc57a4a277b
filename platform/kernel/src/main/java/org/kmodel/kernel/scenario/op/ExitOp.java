package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Exit;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code exit: NAME}: ends a process; see {@link Exit}. */
final class ExitOp extends MemoryOperation<Exit> {

  ExitOp() {
    super("exit", Exit.class);
  }

  @Override
  public Exit parse(OpInput in) {
    Args a = in.args("pid", "pid");
    String pid = a.name("pid");
    in.names().exit(a.node("pid"), pid);
    return pid == null ? null : new Exit(in.at(), pid);
  }

  @Override
  void run(Exit step, StepContext ctx) {
    ctx.kernel().mm().exit(step.pid());
  }
}
