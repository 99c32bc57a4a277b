package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Fill;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code fill}: memsets a range of a region with a per-page value; see {@link Fill}. */
final class FillOp extends MemoryOperation<Fill> {

  FillOp() {
    super("fill", Fill.class);
  }

  @Override
  public Fill parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "value");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Long v = a.integer("value");
    return !t.complete() || v == null ? null : new Fill(in.at(), t.pid(), t.region(), t.range(), v);
  }

  @Override
  void validate(Fill s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Fill s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    if (!ctx.kernel().mm().fill(s.pid(), r[0], r[1], (int) s.value())) {
      failIfSegv(ctx, s.where(), s.pid());
    }
  }
}
