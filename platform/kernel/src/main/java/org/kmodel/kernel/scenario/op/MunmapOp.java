package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Munmap;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code munmap}: unmaps all or part of a region; see {@link Munmap}. */
final class MunmapOp extends MemoryOperation<Munmap> {

  MunmapOp() {
    super("munmap", Munmap.class);
  }

  @Override
  public Munmap parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    return !t.complete() ? null : new Munmap(in.at(), t.pid(), t.region(), t.range());
  }

  @Override
  void validate(Munmap s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Munmap s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    ctx.kernel().mm().munmap(s.pid(), r[0], r[1]);
  }
}
