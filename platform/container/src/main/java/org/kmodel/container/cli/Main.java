package org.kmodel.container.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.kmodel.container.KmodelHome;
import picocli.CommandLine;

/** Entry point of the {@code kmodel} command. */
public final class Main {
  /**
   * The subcommands, registered only when needed: building a picocli model reflects over every
   * option of a command and instantiates it, a quarter of a cold start when done for all of them.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("run", RunCommand::new);
    SUBCOMMANDS.put("compare", CompareCommand::new);
    SUBCOMMANDS.put("sweep", SweepCommand::new);
    SUBCOMMANDS.put("explore", ExploreCommand::new);
    SUBCOMMANDS.put("bundles", BundlesCommand::new);
    SUBCOMMANDS.put("shell", ShellCommand::new);
  }

  private Main() {}

  public static void main(String[] args) {
    ExitGuard.install();
    OutputOptions.applyVerbosity(java.util.Arrays.asList(args));
    applyLoggingConf(KmodelHome.locate().loggingConf());
    ExitGuard.exit(execute(args));
  }

  /**
   * Makes the home's logger settings system properties, which the simple logger reads before its
   * class-path file; a {@code -D} on the command line still wins.
   */
  private static void applyLoggingConf(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    Properties conf = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      conf.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    conf.stringPropertyNames()
        .forEach(key -> System.getProperties().putIfAbsent(key, conf.getProperty(key)));
  }

  /**
   * Runs the command line and returns the exit code: 0 ok, 1 failed expectation, 2 bad input, 3 a
   * resource limit (the Java heap).
   */
  public static int execute(String... args) {
    CommandLine cli = commandLine(args);
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      return outOfMemory(cli.getErr());
    }
  }

  /** The one line an exhausted heap gets, and its exit code. */
  static int outOfMemory(PrintWriter err) {
    long mib = Runtime.getRuntime().maxMemory() >> 20;
    err.println(
        "kmodel: out of memory: the simulated machine needs more than this JVM's "
            + mib
            + " MiB of heap; raise it with KMODEL_HEAP=16g (or kmodel --heap 16g ...), or"
            + " simulate less memory");
    err.flush();
    return 3;
  }

  /** Runs the command line with its output and errors sent to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      code = outOfMemory(err);
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The top-level command with the subcommand {@code args} name, or with all of them when it names
   * none (usage, suggestions for a mistyped name); none at all for a bare version request.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new KmodelCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    Supplier<Object> named = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
    if (named != null) {
      cli.addSubcommand(named.get());
    } else if (!isVersionRequest(args)) {
      SUBCOMMANDS.values().forEach(s -> cli.addSubcommand(s.get()));
      cli.addSubcommand(new CommandLine.HelpCommand());
    }
    return cli;
  }

  private static boolean isVersionRequest(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }
}
