package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code phase.<name>.<field>}: a figure of a phase that has ended or is running, under the name
 * {@code kmodel run --json} gives it in {@code phases}: {@code start_ns}, {@code end_ns}, {@code
 * steps}, {@code simulated_us}, and every cost figure ({@code faults_base}, {@code clear_ns}, ...,
 * {@code walk_refs_per_miss}). {@code faults_4k} and {@code faults_2m}, the names the costs had
 * before PTE-mapped folios, still read {@code faults_base} and {@code faults_huge}.
 *
 * <p>A running phase reads its figures so far; a name several phases had reads the running one,
 * else the last that ended. The name is everything between the prefix and the last dot, so a phase
 * name may hold spaces and dots.
 */
final class PhaseMetric extends MetricFamily {

  /** Earlier names of cost figures, still read. */
  private static final Map<String, String> ALIASES =
      Map.of("faults_4k", "faults_base", "faults_2m", "faults_huge");

  /** Every field, in the order the JSON report prints them, the aliases last. */
  static final List<String> FIELDS = fields();

  PhaseMetric() {
    super("phase", "phase.<name>.<field>, e.g. phase.fill.simulated_us");
  }

  private static List<String> fields() {
    List<String> f = new ArrayList<>(List.of("start_ns", "end_ns", "steps", "simulated_us"));
    f.addAll(PhaseCosts.ZERO.figures().keySet());
    f.add("walk_refs_per_miss");
    f.addAll(List.of("faults_4k", "faults_2m"));
    return List.copyOf(f);
  }

  @Override
  boolean wellFormed(String rest) {
    int dot = rest.lastIndexOf('.');
    return dot > 0
        && !rest.substring(0, dot).isBlank()
        && WORD.matcher(rest.substring(dot + 1)).matches();
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    int dot = rest.lastIndexOf('.');
    String field = rest.substring(dot + 1);
    if (!FIELDS.contains(field)) {
      diag.report(
          node,
          "unknown phase field '"
              + field
              + "' in metric '"
              + metric
              + "' "
              + Suggestions.known(field, FIELDS));
      return false;
    }
    return names.phase(node, rest.substring(0, dot));
  }

  @Override
  boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    return ctx.phase(rest.substring(0, rest.lastIndexOf('.'))) != null;
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    int dot = rest.lastIndexOf('.');
    String name = rest.substring(0, dot);
    String field = rest.substring(dot + 1);
    PhaseFigures phase = ctx.phase(name);
    if (phase == null) {
      throw new BadInputException(where, "no phase '" + name + "' has started");
    }
    Object value = figures(phase).get(ALIASES.getOrDefault(field, field));
    if (value == null) {
      throw new BadInputException(
          where, "phases have no field '" + field + "' (" + String.join(", ", FIELDS) + ")");
    }
    return value;
  }

  /** The figures by field name, as the JSON report computes them. */
  static Map<String, Object> figures(PhaseFigures phase) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start_ns", phase.startNanos());
    m.put("end_ns", phase.endNanos());
    m.put("steps", phase.steps());
    m.put("simulated_us", (phase.endNanos() - phase.startNanos()) / 1000.0);
    m.putAll(phase.costs().figures());
    m.put("walk_refs_per_miss", phase.costs().walkRefsPerWalk());
    return m;
  }
}
