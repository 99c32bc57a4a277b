package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Mprotect;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code mprotect}: changes the protection of all or part of a region; see {@link Mprotect}. */
final class MprotectOp extends MemoryOperation<Mprotect> {

  MprotectOp() {
    super("mprotect", Mprotect.class);
  }

  @Override
  public Mprotect parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "prot");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Prot prot = a.choice("prot", Prot.class);
    return !t.complete() || prot == null
        ? null
        : new Mprotect(in.at(), t.pid(), t.region(), t.range(), prot);
  }

  @Override
  void validate(Mprotect s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Mprotect s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    ctx.kernel().mm().mprotect(s.pid(), r[0], r[1], vmFlags(s.prot()));
  }
}
