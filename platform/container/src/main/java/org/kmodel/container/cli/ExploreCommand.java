package org.kmodel.container.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.explore.Timeline;
import org.kmodel.kernel.explore.TraceEntry;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kmodel explore [--all] [--json] FILE}. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description =
        "Run a scenario under every interleaving of its concurrent tasks (depth-first, pruned by"
            + " state hashing) and report the first invariant violation as a timeline with a"
            + " replay token; exit 1 when one is found.")
final class ExploreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the scenario (YAML) with a tasks: step")
  Path file;

  @Option(names = "--all", description = "keep exploring after a violation and count them all")
  boolean all;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin OutputOptions output;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "run up to N executions at once, each on a kernel of its own (default: the number of"
              + " processors, here ${DEFAULT-VALUE}); the report is the same for every N")
  int jobs = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "200000",
      description = "stop after N executions (default: ${DEFAULT-VALUE})")
  long max;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.conflict(err, "kmodel explore")) {
      return 2;
    }
    if (max < 1) {
      err.println("kmodel explore: --max " + max + ": must be at least 1");
      return 2;
    }
    if (jobs < 1) {
      err.println("kmodel explore: --jobs " + jobs + ": must be at least 1");
      return 2;
    }
    Scenario scenario;
    try {
      scenario = Operations.parser().parse(file);
    } catch (ScenarioException e) {
      err.println(e.getMessage());
      return 2;
    }
    scenario = scenarioOptions.apply(scenario, err, "kmodel explore");
    if (scenario == null) {
      return 2;
    }
    Explorer.Report report;
    long started = System.nanoTime();
    try {
      report =
          new ScenarioSession(new Launch(KmodelHome.locate())).explore(scenario, all, max, jobs);
    } catch (BadInputException e) {
      err.println(e);
      return 2;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(toJson(scenario, report, millis)));
    } else {
      printText(out, scenario, report, millis);
    }
    out.flush();
    return report.found() ? 1 : 0;
  }

  private void printText(PrintWriter out, Scenario scenario, Explorer.Report r, long millis) {
    out.printf("scenario  %s (%s)%n", scenario.name(), file);
    out.printf(
        "explored  %d interleavings, %d pruned by state, %d distinct choice states, %s, %d ms%n",
        r.executions(),
        r.pruned(),
        r.choicePoints(),
        r.exhausted() ? "every interleaving covered" : "stopped early",
        millis);
    if (!r.found()) {
      out.println("result    no invariant violation");
      return;
    }
    out.printf("result    %d violation(s)%n", r.violations().size());
    for (Explorer.Violation v : r.violations()) {
      out.println();
      v.messages().forEach(m -> out.println("violation " + m));
      out.println();
      out.print(Timeline.render(v.trace()));
      out.println();
      out.printf("replay    kmodel run --replay %s %s%n", v.token(), file);
    }
  }

  private Map<String, Object> toJson(Scenario scenario, Explorer.Report r, long millis) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", scenario.name());
    root.put("file", file.toString());
    root.put("ok", !r.found());
    root.put("executions", r.executions());
    root.put("pruned", r.pruned());
    root.put("states", r.choicePoints());
    root.put("exhausted", r.exhausted());
    root.put("millis", millis);
    List<Map<String, Object>> violations = new ArrayList<>();
    for (Explorer.Violation v : r.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("messages", v.messages());
      m.put("token", v.token());
      List<Map<String, String>> trace = new ArrayList<>();
      for (TraceEntry t : v.trace()) {
        trace.add(Map.of("task", t.task(), "step", t.step()));
      }
      m.put("trace", trace);
      violations.add(m);
    }
    root.put("violations", violations);
    return root;
  }
}
