package org.kmodel.container.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.run.ProcFiles;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.slot.Slots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kmodel shell}: a line-oriented shell on a live kernel. A loaded scenario runs on its own
 * thread and stands still between its steps; the shell steps it, reads {@code /proc} files and
 * knobs, writes knobs, swaps plugins and lists bundles while it stands. Reads the terminal through
 * JLine (history, line editing, completion of command names), or {@code --script FILE}, or standard
 * input when it is not a terminal.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description =
        "An interactive shell on a live kernel: load a scenario, step it, cat /proc files and"
            + " knobs, set knobs, swap plugins, list bundles. Type 'help' in it.")
final class ShellCommand implements Callable<Integer> {
  static final String HELP =
      """
      load FILE          parse a scenario and start it, standing before its first step
      step [N]           run the next N steps of the scenario (1 by default)
      run                run to the end (the kernel stays up for a look)
      next               the step the run stands before
      cat PATH           a file: /proc/vmstat, /proc/meminfo, /proc/buddyinfo, /proc/PID/smaps, a knob
      set PATH VALUE     write a knob, as echo VALUE > PATH
      swap SLOT NAME     pin a slot (arch, allocator, thp-policy, filesystem, relocation) to a plugin
      lb                 the bundles installed: id, state, name, version
      unload             end the run and print its summary
      help               this list
      quit               unload and leave""";

  private static final List<String> COMMANDS =
      List.of("load", "step", "run", "next", "cat", "set", "swap", "lb", "unload", "help", "quit");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description = "read commands from FILE, one per line, instead of the terminal")
  Path script;

  @Option(names = "--no-deploy", description = "do not watch a hot-deploy directory")
  boolean noDeploy;

  private PrintWriter out;
  private PrintWriter err;
  private Launch launch;
  private ShellSession session;
  private String loaded;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    launch = new Launch(KmodelHome.locate());
    try {
      if (script != null) {
        try (BufferedReader in = Files.newBufferedReader(script)) {
          return loop(in::readLine, false);
        }
      }
      if (System.console() == null) {
        BufferedReader in = new BufferedReader(new java.io.InputStreamReader(System.in));
        return loop(in::readLine, false);
      }
      try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
        LineReader reader =
            LineReaderBuilder.builder()
                .terminal(terminal)
                .completer(new StringsCompleter(COMMANDS))
                .build();
        return loop(
            () -> {
              try {
                return reader.readLine("kmodel> ");
              } catch (UserInterruptException e) {
                return "";
              } catch (EndOfFileException e) {
                return null;
              }
            },
            true);
      }
    } finally {
      unload(false);
    }
  }

  /** A source of lines; null at its end. */
  private interface Lines {
    String read() throws IOException;
  }

  private int loop(Lines in, boolean interactive) throws Exception {
    int status = 0;
    for (String line = in.read(); line != null; line = in.read()) {
      String[] words = line.trim().split("\\s+", 3);
      if (words[0].isEmpty() || words[0].startsWith("#")) {
        continue;
      }
      if (!interactive) {
        out.println("kmodel> " + line.trim());
      }
      if (words[0].equals("quit") || words[0].equals("exit")) {
        break;
      }
      if (!command(words)) {
        status = interactive ? status : 1;
      }
      out.flush();
    }
    return status;
  }

  /** Carries out one command; false when it failed (said on err). */
  private boolean command(String[] w) throws InterruptedException {
    switch (w[0]) {
      case "help" -> out.println(HELP);
      case "load" -> {
        return w.length < 2 ? usage("load FILE") : load(Path.of(w[1]));
      }
      case "step" -> {
        long n;
        try {
          n = w.length < 2 ? 1 : Long.parseLong(w[1]);
        } catch (NumberFormatException e) {
          n = 0;
        }
        return n < 1 ? usage("step [N], N a whole number from 1") : step(n);
      }
      case "run" -> {
        return step(Long.MAX_VALUE);
      }
      case "next" -> {
        if (!running()) {
          return false;
        }
        out.println(session.atEnd() ? "at the end of the run" : "next: " + session.next());
      }
      case "cat" -> {
        return w.length < 2 ? usage("cat PATH") : cat(w[1]);
      }
      case "set" -> {
        return w.length < 3 ? usage("set PATH VALUE") : set(w[1], w[2]);
      }
      case "swap" -> {
        return w.length < 3 ? usage("swap SLOT NAME") : swap(w[1], w[2]);
      }
      case "lb" -> {
        if (!running()) {
          return false;
        }
        for (BundleInfo b : session.container().bundles()) {
          out.printf("%4d  %-10s %s %s%n", b.id(), b.state(), b.name(), b.version());
        }
      }
      case "unload" -> unload(true);
      default -> {
        err.println("kmodel: unknown command '" + w[0] + "'; 'help' lists them");
        return false;
      }
    }
    return true;
  }

  private boolean load(Path file) throws InterruptedException {
    Scenario scenario;
    try {
      scenario = Operations.parser().parse(file);
    } catch (ScenarioException e) {
      err.println(e.getMessage());
      return false;
    }
    unload(false);
    Path deployDir = noDeploy ? null : launch.home().deploy();
    session = new ShellSession(launch, scenario, RunOptions.defaults(), deployDir);
    session.start();
    loaded = scenario.name();
    if (session.atEnd() && session.next() == null && session.container() == null) {
      return unload(true);
    }
    out.println(
        "loaded "
            + loaded
            + (session.atEnd() ? "; the run has ended" : "; next: " + session.next()));
    return true;
  }

  private boolean step(long n) throws InterruptedException {
    if (!running()) {
      return false;
    }
    for (String s : session.step(n)) {
      out.println("ran  " + s);
    }
    out.println(session.atEnd() ? "at the end of the run" : "next: " + session.next());
    return true;
  }

  private boolean cat(String path) {
    if (!running()) {
      return false;
    }
    String[] text = new String[1];
    session.withKernel(k -> text[0] = new ProcFiles(k).cat(path));
    if (text[0] == null) {
      err.println("cat: " + path + ": No such file or directory");
      return false;
    }
    out.print(text[0]);
    return true;
  }

  private boolean set(String path, String value) {
    if (!running()) {
      return false;
    }
    String[] problem = new String[1];
    session.withKernel(
        k -> {
          Knob knob = k.knobTree().find(path);
          if (knob == null) {
            problem[0] = "set: " + path + ": No such file or directory";
            return;
          }
          try {
            knob.write(value);
          } catch (KnobException e) {
            problem[0] = "set: " + path + ": " + e.getMessage();
          }
        });
    if (problem[0] != null) {
      err.println(problem[0]);
      return false;
    }
    return true;
  }

  private boolean swap(String slot, String name) {
    if (!running()) {
      return false;
    }
    String[] refusal = new String[1];
    if (Slots.byId(slot) == null) {
      err.println("swap: no slot '" + slot + "': one of " + String.join(", ", Slots.ids()));
      return false;
    }
    session.withKernel(k -> refusal[0] = k.slots().pin(Slots.byId(slot), name, "shell"));
    if (refusal[0] != null) {
      err.println("swap: " + refusal[0]);
      return false;
    }
    out.println("swap of " + slot + " to " + name + " takes effect before the next step");
    return true;
  }

  private boolean running() {
    if (session == null) {
      err.println("kmodel: no scenario is loaded: 'load FILE' first");
      return false;
    }
    return true;
  }

  private boolean unload(boolean print) throws InterruptedException {
    if (session == null) {
      return true;
    }
    ShellSession s = session;
    session = null;
    ScenarioSession.Outcome outcome;
    try {
      outcome = s.finish();
    } catch (BadInputException e) {
      err.println(e);
      return false;
    }
    if (print && outcome != null) {
      ResultText.print(out, loaded, outcome);
    }
    return outcome == null || outcome.result().exitCode() == 0 || outcome.result().exitCode() == 1;
  }

  private boolean usage(String form) {
    err.println("kmodel: usage: " + form);
    return false;
  }
}
