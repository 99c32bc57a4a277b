package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Create;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code create: f}: an empty file; see {@link Create}. */
final class CreateOp extends FsOperation<Create> {

  CreateOp() {
    super("create", Create.class);
  }

  @Override
  public Create parse(OpInput in) {
    Args a = in.args("file", "file", "nodatacow?");
    in.names().filesystem(in.opNode(), "create");
    String file = a.name("file");
    Boolean nodatacow = a.bool("nodatacow");
    in.names().createFile(a.node("file"), file);
    return file == null || (a.has("nodatacow") && nodatacow == null)
        ? null
        : new Create(in.at(), file, nodatacow != null && nodatacow);
  }

  @Override
  FsTask task(Create c, FileSystem fs, FsSupport support) {
    return fs.create(c.file(), c.nodatacow());
  }
}
