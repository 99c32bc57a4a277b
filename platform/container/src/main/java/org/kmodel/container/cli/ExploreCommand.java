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
            + " state hashing, or up to partial-order reduction with --reduction), checking the built-in invariants, expect and always; report each"
            + " group of violations with its shortest timeline and a replay token, and a summary"
            + " of final states, depth and step coverage; exit 1 when one is found.")
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

  @Option(
      names = "--reduction",
      negatable = true,
      defaultValue = "false",
      description =
          "explore one interleaving per equivalence class of the steps' footprints (source-set"
              + " DPOR with sleep sets, one execution at a time, no state hashing) instead of"
              + " every interleaving pruned by state hashing (--no-reduction, the default: steps"
              + " that declare no footprint conflict with all, so today's filesystem steps gain"
              + " nothing from it)")
  boolean reduction;

  @Option(
      names = "--max-preemptions",
      paramLabel = "K",
      description =
          "explore only executions with at most K preemptions (switching away from a task that"
              + " could go on), as CHESS; the report says the search was bounded")
  Integer maxPreemptions;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "vary scheduling choices only in the first N steps of each execution")
  Integer maxDepth;

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
    if (maxPreemptions != null && maxPreemptions < 0) {
      err.println("kmodel explore: --max-preemptions " + maxPreemptions + ": must be at least 0");
      return 2;
    }
    if (maxDepth != null && maxDepth < 0) {
      err.println("kmodel explore: --max-depth " + maxDepth + ": must be at least 0");
      return 2;
    }
    Explorer.Mode mode =
        new Explorer.Mode(
            reduction,
            maxPreemptions == null ? Integer.MAX_VALUE : maxPreemptions,
            maxDepth == null ? Integer.MAX_VALUE : maxDepth);
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
          new ScenarioSession(new Launch(KmodelHome.locate()))
              .explore(scenario, all, max, jobs, mode);
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
      printText(out, scenario, report, millis, mode);
    }
    out.flush();
    return report.found() ? 1 : 0;
  }

  /** The report in at most 100 columns; a trace's own lines are the timeline's. */
  private void printText(
      PrintWriter out, Scenario scenario, Explorer.Report r, long millis, Explorer.Mode mode) {
    out.printf("scenario  %s (%s)%n", scenario.name(), file);
    if (mode.reduction()) {
      out.printf(
          "explored  %d interleavings (partial-order reduction), %d choice points, %d ms%n",
          r.executions(), r.choicePoints(), millis);
    } else {
      out.printf(
          "explored  %d interleavings, %d pruned by state, %d distinct choice states, %d ms%n",
          r.executions(), r.pruned(), r.choicePoints(), millis);
    }
    out.printf(
        "          %s; %d distinct final states, longest execution %d steps%n",
        r.exhausted()
            ? "every interleaving covered"
            : r.bound() != null ? "bounded: " + r.bound() : "stopped early",
        r.finalStates(),
        r.maxDepth());
    if (!r.found()) {
      out.println("result    no violation of an invariant, expect or always");
    } else {
      out.printf(
          "result    %d violation(s) in %d group(s)%n", r.violations().size(), r.groups().size());
    }
    int n = 0;
    for (Explorer.Group g : r.groups()) {
      out.println();
      out.printf(
          "group %d   %s: %s%n",
          ++n, g.kind(), clip(g.pattern(), 100 - 10 - g.kind().length() - 2));
      out.printf(
          "          %d instance(s) in %d execution(s); shortest counterexample, %d steps:%n",
          g.instances(), g.executions(), g.shortest().trace().size());
      out.println("violation " + clip(g.shortest().message(), 90));
      out.println();
      out.print(Timeline.render(g.shortest().trace()));
      out.println();
      out.printf("replay    kmodel run --replay %s %s%n", g.shortest().token(), file);
    }
    out.println();
    out.println("coverage  executions that ran each step, by task");
    for (Explorer.TaskCoverage t : r.coverage()) {
      out.println("  " + clip(t.task(), 96));
      for (Explorer.StepCount c : t.steps()) {
        out.printf("    %8d  %s%n", c.executions(), clip(c.label(), 84));
      }
      for (String never : t.neverRun()) {
        out.printf("    %8s  %s%n", "never", clip(never, 84));
      }
    }
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 3) + "...";
  }

  private Map<String, Object> toJson(Scenario scenario, Explorer.Report r, long millis) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", scenario.name());
    root.put("file", file.toString());
    root.put("ok", !r.found());
    root.put("executions", r.executions());
    root.put("pruned", r.pruned());
    root.put("states", r.choicePoints());
    root.put("finalStates", r.finalStates());
    root.put("maxDepth", r.maxDepth());
    root.put("exhausted", r.exhausted());
    root.put("reduction", reduction);
    root.put("bound", r.bound());
    root.put("millis", millis);
    List<Map<String, Object>> violations = new ArrayList<>();
    for (Explorer.Violation v : r.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("messages", v.messages());
      m.put("token", v.token());
      m.put("trace", trace(v.trace()));
      violations.add(m);
    }
    root.put("violations", violations);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Explorer.Group g : r.groups()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", g.kind());
      m.put("pattern", g.pattern());
      m.put("instances", g.instances());
      m.put("executions", g.executions());
      m.put("first", counterexample(g.first()));
      m.put("shortest", counterexample(g.shortest()));
      groups.add(m);
    }
    root.put("groups", groups);
    List<Map<String, Object>> coverage = new ArrayList<>();
    for (Explorer.TaskCoverage t : r.coverage()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task", t.task());
      List<Map<String, Object>> steps = new ArrayList<>();
      for (Explorer.StepCount c : t.steps()) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", c.label());
        step.put("executions", c.executions());
        steps.add(step);
      }
      m.put("steps", steps);
      m.put("neverRun", t.neverRun());
      coverage.add(m);
    }
    root.put("coverage", coverage);
    return root;
  }

  private static Map<String, Object> counterexample(Explorer.Counterexample c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", c.message());
    m.put("token", c.token());
    m.put("steps", c.trace().size());
    m.put("trace", trace(c.trace()));
    return m;
  }

  private static List<Map<String, String>> trace(List<TraceEntry> entries) {
    List<Map<String, String>> trace = new ArrayList<>();
    for (TraceEntry t : entries) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("task", t.task());
      m.put("step", t.step());
      m.put("origin", t.origin());
      trace.add(m);
    }
    return trace;
  }
}
