package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code spawn: NAME}: a new process; see {@link Spawn}. */
final class SpawnOp extends MemoryOperation<Spawn> {

  SpawnOp() {
    super("spawn", Spawn.class);
  }

  @Override
  public Spawn parse(OpInput in) {
    Args a = in.args("pid", "pid");
    String pid = a.name("pid");
    in.names().spawn(a.node("pid"), pid);
    return pid == null ? null : new Spawn(in.at(), pid);
  }

  @Override
  void run(Spawn step, StepContext ctx) {
    ctx.kernel().mm().spawn(step.pid());
  }
}
