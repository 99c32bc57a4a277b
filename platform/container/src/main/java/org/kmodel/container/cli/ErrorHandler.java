package org.kmodel.container.cli;

import org.kmodel.container.ContainerException;
import org.kmodel.kernel.scenario.op.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns user errors into one-line messages and exit code 2, an exhausted heap into one line and
 * exit code 3; anything else is a kmodel bug.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof ContainerException || e instanceof BadInputException) {
      cmd.getErr()
          .println("kmodel: " + (e instanceof BadInputException ? e.toString() : e.getMessage()));
      return 2;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return Main.outOfMemory(cmd.getErr());
      }
      if (t instanceof org.kmodel.kernel.run.ResourceLimitException r) {
        cmd.getErr().println("kmodel: " + r);
        return 3;
      }
    }
    cmd.getErr().println("kmodel: internal error: " + e);
    e.printStackTrace(cmd.getErr());
    return 1;
  }
}
