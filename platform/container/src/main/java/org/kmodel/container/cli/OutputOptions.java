package org.kmodel.container.cli;

import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How much a command says on stderr besides its errors: by default the progress of a run that
 * lasts, {@code --quiet} nothing but errors, {@code --verbose} also every event of the model as it
 * happens. Results always go to stdout, and each diagnostic once to stderr.
 */
final class OutputOptions {
  /**
   * The logger of the model's events (see the kernel's EventLog); off in conf/, since the results
   * list the events.
   */
  static final String EVENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.kmodel.events";

  @ArgGroup(exclusive = true)
  Level level;

  /** {@code --quiet} or {@code --verbose}, not both. */
  static final class Level {
    @Option(
        names = "--quiet",
        required = true,
        description = "print the results only: no progress, nothing on stderr but errors")
    boolean quiet;

    @Option(
        names = "--verbose",
        required = true,
        description = "also print the model's events on stderr as they happen")
    boolean verbose;
  }

  boolean quiet() {
    return level != null && level.quiet;
  }

  boolean verbose() {
    return level != null && level.verbose;
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
