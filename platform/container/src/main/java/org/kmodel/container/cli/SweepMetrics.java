package org.kmodel.container.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Tasks;

/**
 * The figures {@code kmodel sweep} records per run, read from the run's result once it has ended:
 * {@code simulated_us}, {@code steps}, {@code vmstat.<counter>}, {@code meminfo.<Field>}, {@code
 * fs.<stat>}, {@code costs.<figure>} (the whole run's) and {@code phase.<name>.<field>}, where a
 * phase name a run repeats is {@code name#2}, {@code name#3}, ... as in compare's rows. Values are
 * kept as the text the CSV prints, so that pieces written by Slurm tasks and read back give the
 * same bytes.
 */
final class SweepMetrics {
  /** The families a metric may belong to, for messages. */
  static final String ACCEPTED =
      "simulated_us, steps, vmstat.<counter>, meminfo.<Field>, fs.<stat>, costs.<figure> or"
          + " phase.<name>.<field>";

  private static final Set<String> PHASE_FIELDS =
      Set.of("simulated_us", "start_ns", "end_ns", "steps");

  private SweepMetrics() {}

  /** Why {@code metric} is not one a sweep can record, or null when it is. */
  static String check(String metric) {
    if (metric.equals("simulated_us") || metric.equals("steps")) {
      return null;
    }
    for (String prefix : List.of("vmstat.", "meminfo.", "fs.")) {
      if (metric.startsWith(prefix) && metric.length() > prefix.length()) {
        return null;
      }
    }
    Set<String> figures = ResultJson.costs(PhaseCosts.ZERO).keySet();
    if (metric.startsWith("costs.")) {
      String f = metric.substring("costs.".length());
      return figures.contains(f) ? null : "'" + f + "' is not a cost figure (" + figures + ")";
    }
    if (metric.startsWith("phase.")) {
      int dot = metric.lastIndexOf('.');
      String f = metric.substring(dot + 1);
      if (dot <= "phase.".length()) {
        return "expected phase.<name>.<field>";
      }
      return PHASE_FIELDS.contains(f) || figures.contains(f)
          ? null
          : "'"
              + f
              + "' is not a phase field (simulated_us, start_ns, end_ns, steps, "
              + figures
              + ")";
    }
    return "expected " + ACCEPTED;
  }

  /**
   * The metrics a sweep records when none is chosen, in this order: {@code simulated_us}, each
   * phase's {@code simulated_us}, then the {@code vmstat}, {@code meminfo} and {@code fs} metrics
   * the scenario's {@code expect} steps name, once each. Other expected metrics (smaps, knobs,
   * data) need the live kernel and are not kept.
   */
  static List<String> defaults(RunResult r, Scenario scenario) {
    List<String> out = new ArrayList<>();
    out.add("simulated_us");
    for (String phase : phases(r).keySet()) {
      out.add("phase." + phase + ".simulated_us");
    }
    out.addAll(expected(scenario.steps()));
    return out;
  }

  /**
   * The values of {@code metrics} in {@code r}, in that order; a metric the run lacks (a phase it
   * did not reach, a counter its kernel does not have) is left out.
   */
  static Map<String, String> values(RunResult r, List<String> metrics) {
    Map<String, PhaseRecord> phases = phases(r);
    Map<String, String> out = new LinkedHashMap<>();
    for (String m : metrics) {
      String v = value(r, phases, m);
      if (v != null) {
        out.put(m, v);
      }
    }
    return out;
  }

  private static String value(RunResult r, Map<String, PhaseRecord> phases, String metric) {
    if (metric.equals("simulated_us")) {
      return CompareReport.micros(r.simulatedNanos());
    }
    if (metric.equals("steps")) {
      return Long.toString(r.steps());
    }
    int dot = metric.indexOf('.');
    String family = metric.substring(0, dot);
    String rest = metric.substring(dot + 1);
    return switch (family) {
      case "vmstat" -> text(r.vmstat().get(rest));
      case "meminfo" -> text(r.meminfo().get(rest));
      case "fs" -> text(r.fs().get(rest));
      case "costs" -> figure(r.costs(), rest);
      default -> {
        int last = rest.lastIndexOf('.');
        PhaseRecord p = phases.get(rest.substring(0, last));
        yield p == null ? null : phaseField(p, rest.substring(last + 1));
      }
    };
  }

  private static String phaseField(PhaseRecord p, String field) {
    return switch (field) {
      case "simulated_us" -> CompareReport.micros(p.durationNanos());
      case "start_ns" -> Long.toString(p.startNanos());
      case "end_ns" -> Long.toString(p.endNanos());
      case "steps" -> Long.toString(p.steps());
      default -> figure(p.costs(), field);
    };
  }

  private static String figure(PhaseCosts costs, String name) {
    Object x = ResultJson.costs(costs).get(name);
    if (x instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? null : CompareReport.plain(d);
    }
    return x == null ? null : x.toString();
  }

  private static String text(Long v) {
    return v == null ? null : v.toString();
  }

  /** The run's phases by row name, repeats of a name numbered from 2 as compare numbers them. */
  private static Map<String, PhaseRecord> phases(RunResult r) {
    Map<String, PhaseRecord> m = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (PhaseRecord p : r.phases()) {
      int k = seen.merge(p.name(), 1, Integer::sum);
      m.put(k == 1 ? p.name() : p.name() + "#" + k, p);
    }
    return m;
  }

  private static Set<String> expected(List<Step> steps) {
    Set<String> out = new LinkedHashSet<>();
    for (Step s : steps) {
      if (s instanceof Expect e) {
        for (Expectation x : e.expectations()) {
          String m = x.metric();
          if (m.startsWith("vmstat.") || m.startsWith("meminfo.") || m.startsWith("fs.")) {
            out.add(m);
          }
        }
      } else if (s instanceof Tasks t) {
        t.tasks().values().forEach(list -> out.addAll(expected(list)));
      }
    }
    return out;
  }
}
