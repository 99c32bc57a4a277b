package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.scenario.model.Madvise;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code madvise}: advice about all or part of a region; see {@link Madvise}. */
final class MadviseOp extends MemoryOperation<Madvise> {

  MadviseOp() {
    super("madvise", Madvise.class);
  }

  @Override
  public Madvise parse(OpInput in) {
    Args a = in.args(null, "pid", "region", "offset?", "length?", "advice");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Madvise.Advice advice = a.choice("advice", Madvise.Advice.class);
    return !t.complete() || advice == null
        ? null
        : new Madvise(in.at(), t.pid(), t.region(), t.range(), advice);
  }

  @Override
  void validate(Madvise s, SizeChecks checks) {
    checks.range(s, s.range());
  }

  @Override
  void run(Madvise s, StepContext ctx) {
    MemoryManager mm = ctx.kernel().mm();
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    switch (s.advice()) {
      case HUGEPAGE -> mm.madviseHugepage(s.pid(), r[0], r[1], true);
      case NOHUGEPAGE -> mm.madviseHugepage(s.pid(), r[0], r[1], false);
      case DONTNEED -> mm.madviseDontneed(s.pid(), r[0], r[1]);
      case PAGEOUT -> mm.madvisePageout(s.pid(), r[0], r[1]);
      case DONTFORK -> mm.madviseDontfork(s.pid(), r[0], r[1], true);
      case DOFORK -> mm.madviseDontfork(s.pid(), r[0], r[1], false);
      case POPULATE_READ -> mm.madvisePopulate(s.pid(), r[0], r[1], false);
      case POPULATE_WRITE -> mm.madvisePopulate(s.pid(), r[0], r[1], true);
      case COLLAPSE -> {
        String failure = mm.madviseCollapse(s.pid(), r[0], r[1]);
        if (failure != null) {
          ctx.fail(s.where(), failure);
        }
      }
    }
  }
}
