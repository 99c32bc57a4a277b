package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.WriteMode;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Write;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code write: {file, offset?, length, value, direct?}}: writes a file's range; see {@link Write}.
 */
final class WriteOp extends FsOperation<Write> {

  WriteOp() {
    super("write", Write.class);
  }

  /** The system call returns ENOSPC when no extent can be had. */
  @Override
  public boolean failsOnEnospc() {
    return true;
  }

  @Override
  public Write parse(OpInput in) {
    Args a = in.args(null, "file", "offset?", "length", "value", "direct?");
    FileArgs.Target t = FileArgs.target(in, a);
    Long v = a.integer("value");
    Boolean direct = a.bool("direct");
    return !t.complete() || v == null || (a.has("direct") && direct == null)
        ? null
        : new Write(in.at(), t.file(), t.offset(), t.length(), v, direct != null && direct);
  }

  @Override
  void validate(Write s, SizeChecks checks) {
    checks.sectors(s, "offset", s.offset());
    checks.sectors(s, "length", s.length());
  }

  @Override
  FsTask task(Write w, FileSystem fs, FsSupport support) {
    if (w.value() != (int) w.value()) {
      throw new StepFailure("value " + w.value() + " does not fit the model's 32-bit sector token");
    }
    return fs.write(
        w.file(),
        w.offset(),
        w.length(),
        (int) w.value(),
        w.direct() ? WriteMode.DIRECT : WriteMode.BUFFERED);
  }
}
