package org.kmodel.container.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How much a command says on stderr besides its errors: by default compare's line per variant,
 * {@code --quiet} nothing but errors, {@code --verbose} also every event of the model as it
 * happens. Results always go to stdout, and each diagnostic once to stderr.
 */
final class OutputOptions {
  /**
   * The logger of the model's events (see the kernel's EventLog); off in conf/, since the results
   * list the events.
   */
  static final String EVENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.kmodel.events";

  // plain options, not an exclusive group: picocli lists a group's options twice in a mixin's usage
  @Option(
      names = "--quiet",
      description = "print the results only: no progress, nothing on stderr but errors")
  boolean quiet;

  @Option(
      names = "--verbose",
      description = "also print the model's events on stderr as they happen")
  boolean verbose;

  boolean quiet() {
    return quiet;
  }

  /**
   * Whether both were given, after saying so on {@code err} (exit code 2).
   *
   * @param command the command's name for the message, e.g. {@code kmodel run}
   */
  boolean conflict(PrintWriter err, String command) {
    if (quiet && verbose) {
      err.println(command + ": --quiet and --verbose exclude each other");
      return true;
    }
    return false;
  }

  /**
   * Sets the event logger's level for {@code --verbose} before any logger exists: the simple logger
   * reads its levels once. {@link Main} calls it with the raw arguments, ahead of picocli.
   */
  static void applyVerbosity(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        return;
      }
      if (a.equals("--verbose")) {
        System.setProperty(EVENT_LOG_LEVEL, "debug");
        return;
      }
    }
  }
}
