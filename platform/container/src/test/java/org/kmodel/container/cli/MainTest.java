package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void aNamedSubcommandIsTheOnlyOneRegistered() {
    assertEquals(
        List.of("run"), List.copyOf(Main.commandLine("run", "x.yaml").getSubcommands().keySet()));
  }

  @Test
  void withoutASubcommandNameAllAreRegisteredInTheirUsageOrder() {
    List<String> all = List.of("run", "compare", "sweep", "explore", "bundles", "shell", "help");
    assertEquals(all, List.copyOf(Main.commandLine().getSubcommands().keySet()));
    assertEquals(all, List.copyOf(Main.commandLine("--help").getSubcommands().keySet()));
    assertEquals(all, List.copyOf(Main.commandLine("rnu").getSubcommands().keySet()));
  }

  @Test
  void aVersionRequestNeedsNoSubcommand() {
    assertTrue(Main.commandLine("--version").getSubcommands().isEmpty());
    assertTrue(Main.commandLine("-V").getSubcommands().isEmpty());
  }

  @Test
  void theBareCommandPrintsUsageWithEverySubcommand() {
    StringWriter out = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertEquals(0, code);
    for (String name : List.of("run", "compare", "sweep", "explore", "bundles", "shell")) {
      assertTrue(out.toString().contains("\n  " + name + " "), out.toString());
    }
  }

  @Test
  void helpPrintsTheUsageAndHelpOfACommandThatOfTheCommand() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Main.execute(new PrintWriter(out), new PrintWriter(err), "help"));
    assertTrue(out.toString().contains("\n  compare "), out + "/" + err);
    out.getBuffer().setLength(0);
    assertEquals(0, Main.execute(new PrintWriter(out), new PrintWriter(err), "help", "run"));
    assertTrue(out.toString().startsWith("Usage: kmodel run "), out + "/" + err);
    assertTrue(out.toString().contains("--quiet"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void quietAndVerboseExcludeEachOther() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "run",
            "--quiet",
            "--verbose",
            "x.yaml");
    assertEquals(2, code);
    assertEquals("kmodel: --quiet and --verbose exclude each other", err.toString().strip());
  }
}
