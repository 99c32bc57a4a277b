package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Read;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code read: {file, offset?, length}}: reads a range through the chunk map; see {@link Read}. */
final class ReadOp extends FsOperation<Read> {

  ReadOp() {
    super("read", Read.class);
  }

  @Override
  public Read parse(OpInput in) {
    Args a = in.args(null, "file", "offset?", "length");
    FileArgs.Target t = FileArgs.target(in, a);
    return !t.complete() ? null : new Read(in.at(), t.file(), t.offset(), t.length());
  }

  @Override
  void validate(Read s, SizeChecks checks) {
    checks.sectors(s, "offset", s.offset());
    checks.sectors(s, "length", s.length());
  }

  @Override
  FsTask task(Read r, FileSystem fs, FsSupport support) {
    return fs.read(r.file(), r.offset(), r.length());
  }
}
