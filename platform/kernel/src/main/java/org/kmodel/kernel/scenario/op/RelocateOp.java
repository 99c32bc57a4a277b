package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Relocate;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code relocate: {group}}: relocates one block group with the strategy in the relocation slot;
 * see {@link Relocate}.
 */
final class RelocateOp extends FsOperation<Relocate> {

  RelocateOp() {
    super("relocate", Relocate.class);
  }

  @Override
  public Relocate parse(OpInput in) {
    Args a = in.args(null, "group");
    in.names().filesystem(in.opNode(), "relocate");
    Long group = a.integer("group");
    if (group != null && (group < 0 || group > Integer.MAX_VALUE)) {
      a.report(
          "group",
          "'group' for relocate must be from 0 to " + Integer.MAX_VALUE + ", not " + group);
      return null;
    }
    return group == null ? null : new Relocate(in.at(), group.intValue());
  }

  @Override
  public Needs needs() {
    return Needs.RELOCATION;
  }

  @Override
  FsTask task(Relocate r, FileSystem fs, FsSupport support) {
    BlockGroupInfo g = support.group(r.group());
    if (g == null) {
      throw new StepFailure(
          "no block group "
              + r.group()
              + " to relocate (groups 0.."
              + (support.groupsNumbered() - 1)
              + " were numbered; removed ones are gone)");
    }
    return fs.relocate(g.start());
  }
}
