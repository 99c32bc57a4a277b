package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Fork;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code fork: {pid, child}}: copies a process; see {@link Fork}. */
final class ForkOp extends MemoryOperation<Fork> {

  ForkOp() {
    super("fork", Fork.class);
  }

  @Override
  public Fork parse(OpInput in) {
    Args a = in.args(null, "pid", "child");
    String pid = a.name("pid");
    String child = a.name("child");
    in.names().use(a.node("pid"), pid);
    in.names().fork(a.node("child"), pid, child);
    return pid == null || child == null ? null : new Fork(in.at(), pid, child);
  }

  @Override
  void run(Fork step, StepContext ctx) {
    ctx.kernel().mm().fork(step.pid(), step.child());
  }
}
