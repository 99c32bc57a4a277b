package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Mremap;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code mremap}: moves all or part of a region to a new region; see {@link Mremap}. */
final class MremapOp extends MemoryOperation<Mremap> {

  MremapOp() {
    super("mremap", Mremap.class);
  }

  @Override
  public Mremap parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "as", "align?");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    String as = a.name("as");
    long align = RegionArgs.align(a);
    in.names().defineRegion(a.node("as"), t.pid(), as, t.movedSize());
    return !t.complete() || as == null
        ? null
        : new Mremap(in.at(), t.pid(), t.region(), t.range(), as, align);
  }

  @Override
  void validate(Mremap s, SizeChecks checks) {
    checks.range(s, s.range());
    checks.alignment(s, "align", s.align());
  }

  @Override
  void run(Mremap s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    ctx.kernel().mm().mremap(s.pid(), r[0], r[1], s.as(), s.align());
  }
}
