package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Khugepaged;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code khugepaged: {full_scans: N}}: the task waits while khugepaged completes N more full scans;
 * see {@link Khugepaged}.
 */
final class KhugepagedOp extends Action<Khugepaged> {

  KhugepagedOp() {
    super("khugepaged", Khugepaged.class);
  }

  @Override
  public Khugepaged parse(OpInput in) {
    Args a = in.args(null, "full_scans");
    Long scans = a.integer("full_scans");
    if (scans != null && (scans < 1 || scans > Integer.MAX_VALUE)) {
      a.report(
          "full_scans",
          "'full_scans' for khugepaged must be from 1 to " + Integer.MAX_VALUE + ", not " + scans);
      return null;
    }
    return scans == null ? null : new Khugepaged(in.at(), scans.intValue());
  }

  @Override
  void run(Khugepaged step, StepContext ctx) {
    org.kmodel.kernel.mm.Khugepaged daemon = ctx.kernel().mm().khugepaged();
    if (daemon == null) {
      throw new BadInputException(
          step.where(), "khugepaged does not run: the architecture has no transparent huge pages");
    }
    long target = daemon.fullScans() + step.fullScans();
    ctx.waitFor(() -> daemon.fullScans() >= target, "khugepaged full_scans >= " + target);
  }
}
