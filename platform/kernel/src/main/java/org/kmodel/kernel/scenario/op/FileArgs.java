package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** Reads the arguments the ops on a range of a file share: file, offset and length. */
final class FileArgs {
  private FileArgs() {}

  /** The file and range a step acts on; each null when it could not be read. */
  record Target(String file, Long offset, Long length) {
    boolean complete() {
      return file != null && offset != null && length != null;
    }
  }

  /** Reads file, offset and length; checks that the filesystem is made and the file created. */
  static Target target(OpInput in, Args a) {
    in.names().filesystem(in.opNode(), in.op());
    String file = a.name("file");
    if (!in.names().file(a.node("file"), file)) {
      file = null;
    }
    Long offset = a.has("offset") ? a.size("offset") : Long.valueOf(0);
    Long length = a.positiveSize("length");
    return new Target(file, offset, length);
  }
}
