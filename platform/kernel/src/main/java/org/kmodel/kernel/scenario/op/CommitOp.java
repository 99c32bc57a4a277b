package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Commit;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code commit: {}}: commits the running transaction; see {@link Commit}. */
final class CommitOp extends FsOperation<Commit> {

  CommitOp() {
    super("commit", Commit.class);
  }

  @Override
  public Commit parse(OpInput in) {
    in.noArguments();
    in.names().filesystem(in.opNode(), "commit");
    return new Commit(in.at());
  }

  @Override
  FsTask task(Commit c, FileSystem fs, FsSupport support) {
    return fs.commit();
  }
}
