package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Mmap;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code mmap}: an anonymous private mapping, a new region; see {@link Mmap}. */
final class MmapOp extends MemoryOperation<Mmap> {

  MmapOp() {
    super("mmap", Mmap.class);
  }

  @Override
  public Mmap parse(OpInput in) {
    Args a = in.args(null, "pid", "as", "size", "align?", "prot?");
    String pid = a.name("pid");
    String as = a.name("as");
    Long size = a.positiveSize("size");
    long align = RegionArgs.align(a);
    Prot prot = a.choice("prot", Prot.class);
    if (in.names().use(a.node("pid"), pid)) {
      in.names().defineRegion(a.node("as"), pid, as, size);
    }
    return pid == null || as == null || size == null
        ? null
        : new Mmap(in.at(), pid, as, size, align, prot == null ? Prot.RW : prot);
  }

  @Override
  void validate(Mmap s, SizeChecks checks) {
    checks.pages(s, "size", s.size());
    checks.alignment(s, "align", s.align());
  }

  @Override
  void run(Mmap s, StepContext ctx) {
    ctx.kernel().mm().mmapAnonymous(s.pid(), s.as(), s.size(), s.align(), vmFlags(s.prot()));
  }
}
