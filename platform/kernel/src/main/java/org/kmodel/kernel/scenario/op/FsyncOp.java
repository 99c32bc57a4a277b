package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Fsync;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code fsync: f}: writes a file's dirty data back; see {@link Fsync}. */
final class FsyncOp extends FsOperation<Fsync> {

  FsyncOp() {
    super("fsync", Fsync.class);
  }

  @Override
  public Fsync parse(OpInput in) {
    Args a = in.args("file", "file");
    in.names().filesystem(in.opNode(), "fsync");
    String file = a.name("file");
    return in.names().file(a.node("file"), file) ? new Fsync(in.at(), file) : null;
  }

  @Override
  FsTask task(Fsync f, FileSystem fs, FsSupport support) {
    return fs.fsync(f.file());
  }
}
