package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.container.KmodelHome;

/**
 * The shipped trace is what Valgrind makes of the shipped program: where gcc and valgrind are
 * installed, the test builds {@code traces/stride.c}, traces it with Lackey and replays the fresh
 * trace under the shipped scenario's expectations.
 */
class TraceReplayIT {
  @TempDir Path dir;

  @Test
  void aTraceValgrindMakesNowReplaysAsTheShippedOne() throws Exception {
    assumeTrue(
        onPath("gcc") && onPath("valgrind"),
        "gcc and valgrind are not both installed: the shipped trace is replayed by"
            + " ShippedScenariosIT only");
    Path shipped = KmodelHome.locate().scenarios();
    Path program = dir.resolve("stride");
    exec(
        List.of(
            "gcc",
            "-O1",
            "-static",
            "-nostdlib",
            "-fno-pie",
            "-no-pie",
            "-o",
            "" + program,
            "" + shipped.resolve("traces/stride.c")));
    Path trace = dir.resolve("stride.lackey");
    exec(
        List.of(
            "valgrind", "--tool=lackey", "--trace-mem=yes", "--log-file=" + trace, "" + program));
    String scenario =
        Files.readString(shipped.resolve("trace-stride.yaml"))
            .replace("traces/stride.lackey", "stride.lackey");
    Path file = Files.writeString(dir.resolve("trace-stride.yaml"), scenario);

    Cli run = Cli.run("run", "--no-deploy", file.toString());

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out().contains("1024 loads, 1024 stores, 0 modifies over 1024 pages"), run.out());
  }

  @Test
  void aMalformedTraceIsBadInputNamingTheLineOnly() throws Exception {
    Path trace = Files.writeString(dir.resolve("bad.lackey"), " S 00403000,1\nmy secret\n");
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "name: bad\nsteps:\n  - spawn: p1\n  - trace: {pid: p1, file: bad.lackey, as: t}\n");
    assertTrue(Files.exists(trace));

    Cli run = Cli.run("run", "--no-deploy", file.toString());

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(file + ":4:5: trace 'bad.lackey': line 2 is not in Lackey's trace format"),
        run.err());
    assertTrue(!run.err().contains("secret") && !run.out().contains("secret"), run.err());
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  private void exec(List<String> command) throws IOException, InterruptedException {
    Path log = dir.resolve("exec.log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " took more than 120 s");
    assertEquals(0, p.exitValue(), command + ": " + Files.readString(log));
  }
}
