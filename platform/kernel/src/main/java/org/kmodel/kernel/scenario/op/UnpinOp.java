package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Unpin;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code unpin: NAME}: drops a pin; see {@link Unpin}. */
final class UnpinOp extends MemoryOperation<Unpin> {

  UnpinOp() {
    super("unpin", Unpin.class);
  }

  @Override
  public Unpin parse(OpInput in) {
    Args a = in.args("pin", "pin");
    String name = a.name("pin");
    in.names().unpin(a.node("pin"), name);
    return name == null ? null : new Unpin(in.at(), name);
  }

  @Override
  void run(Unpin s, StepContext ctx) {
    ctx.kernel().mm().unpin(s.name());
  }
}
