package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.CancelBalance;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code cancel-balance: {}}: asks a running balance to stop after its current block group; see
 * {@link CancelBalance}.
 */
final class CancelBalanceOp extends Action<CancelBalance> {

  CancelBalanceOp() {
    super("cancel-balance", CancelBalance.class);
  }

  @Override
  public CancelBalance parse(OpInput in) {
    in.noArguments();
    in.names().filesystem(in.opNode(), "cancel-balance");
    return new CancelBalance(in.at());
  }

  @Override
  void run(CancelBalance step, StepContext ctx) {
    FsSupport fs = ctx.kernel().fs();
    if (fs.fs() != null) {
      fs.fs().cancelBalance();
    }
  }
}
