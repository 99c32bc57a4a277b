package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Fallocate;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code fallocate: {file, offset?, length}}: preallocates a range; see {@link Fallocate}. */
final class FallocateOp extends FsOperation<Fallocate> {

  FallocateOp() {
    super("fallocate", Fallocate.class);
  }

  /** The system call returns ENOSPC when no extent can be had. */
  @Override
  public boolean failsOnEnospc() {
    return true;
  }

  @Override
  public Fallocate parse(OpInput in) {
    Args a = in.args(null, "file", "offset?", "length");
    FileArgs.Target t = FileArgs.target(in, a);
    return !t.complete() ? null : new Fallocate(in.at(), t.file(), t.offset(), t.length());
  }

  @Override
  void validate(Fallocate s, SizeChecks checks) {
    checks.sectors(s, "offset", s.offset());
    checks.sectors(s, "length", s.length());
  }

  @Override
  FsTask task(Fallocate f, FileSystem fs, FsSupport support) {
    return fs.fallocate(f.file(), f.offset(), f.length());
  }
}
