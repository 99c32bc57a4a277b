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
    List<String> all = List.of("run", "compare", "sweep", "explore", "bundles");
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
    for (String name : List.of("run", "compare", "sweep", "explore", "bundles")) {
      assertTrue(out.toString().contains("\n  " + name + " "), out.toString());
    }
  }
}
