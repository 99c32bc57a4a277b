package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Sleep;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code sleep: 30s}: advances simulated time while kernel threads run; see {@link Sleep}. */
final class SleepOp extends Action<Sleep> {

  SleepOp() {
    super("sleep", Sleep.class);
  }

  @Override
  public Sleep parse(OpInput in) {
    Args a = in.args("duration", "duration");
    Long nanos = a.duration("duration");
    return nanos == null ? null : new Sleep(in.at(), nanos);
  }

  @Override
  void run(Sleep step, StepContext ctx) {
    ctx.sleepUntil(ctx.kernel().clock().nowNanos() + step.nanos());
  }
}
