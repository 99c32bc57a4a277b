package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Pin;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code pin}: FOLL_PIN pins of a range, held under a name; see {@link Pin}. */
final class PinOp extends MemoryOperation<Pin> {

  PinOp() {
    super("pin", Pin.class);
  }

  @Override
  public Pin parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "as", "access", "longterm?");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    String name = a.name("as");
    Pin.Access access = a.choice("access", Pin.Access.class);
    Boolean longterm = a.has("longterm") ? a.bool("longterm") : Boolean.FALSE;
    in.names().definePin(a.node("as"), t.pid(), name);
    return !t.complete() || name == null || access == null || longterm == null
        ? null
        : new Pin(in.at(), t.pid(), t.region(), t.range(), name, access, longterm);
  }

  @Override
  void validate(Pin s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Pin s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    ctx.kernel()
        .mm()
        .pin(s.pid(), s.name(), r[0], r[1], s.access() == Pin.Access.WRITE, s.longterm());
  }
}
