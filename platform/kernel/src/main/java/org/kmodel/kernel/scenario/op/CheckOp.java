package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.scenario.model.Check;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code check}: every page of a range must read back a value; see {@link Check}. */
final class CheckOp extends MemoryOperation<Check> {

  CheckOp() {
    super("check", Check.class);
  }

  @Override
  public Check parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "value");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Long v = a.integer("value");
    return !t.complete() || v == null
        ? null
        : new Check(in.at(), t.pid(), t.region(), t.range(), v);
  }

  @Override
  void validate(Check s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Check s, StepContext ctx) {
    MemoryManager mm = ctx.kernel().mm();
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    long bad = mm.check(s.pid(), r[0], r[1], (int) s.value());
    if (bad >= 0) {
      long regionStart = mm.process(s.pid()).region(s.region()).start();
      ctx.fail(
          s.where(),
          String.format(
              "data mismatch in %s of %s at offset %#x: read %d, expected %d",
              s.region(),
              s.pid(),
              r[0] - regionStart + bad,
              mm.contentAt(s.pid(), r[0] + bad),
              s.value()));
    }
  }
}
