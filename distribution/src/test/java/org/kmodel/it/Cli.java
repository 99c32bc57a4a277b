package org.kmodel.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.kmodel.container.cli.Main;

/** Runs the kmodel command in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }
}
