package org.kmodel.container.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code kmodel} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 failed expectation, 2 bad input. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new KmodelCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli.execute(args);
  }

  /** Runs the command line with its output and errors sent to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new KmodelCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
