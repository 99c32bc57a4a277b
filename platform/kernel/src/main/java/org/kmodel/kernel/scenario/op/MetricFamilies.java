package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.kmodel.kernel.scenario.value.InputText;
import org.kmodel.kernel.scenario.value.MetricUnit;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The metric families of {@code expect}, by prefix: a new family is one class and one line here.
 */
public final class MetricFamilies {

  /** Every family, in the order messages list their prefixes. */
  static final List<MetricFamily> ALL =
      List.of(
          new VmstatMetric(),
          new MeminfoMetric(),
          new SmapsMetric(),
          new KnobMetric(),
          new HugeMetric(),
          new FsStatMetric(),
          new BlockGroupMetric(),
          new DataMetric(),
          new PinMetric(),
          new PhaseMetric());

  private static final List<String> PREFIXES = ALL.stream().map(MetricFamily::prefix).toList();

  private MetricFamilies() {}

  private static MetricFamily family(String prefix) {
    for (MetricFamily f : ALL) {
      if (f.prefix().equals(prefix)) {
        return f;
      }
    }
    return null;
  }

  /** The family of a metric's name, or {@code null}. */
  static MetricFamily familyOf(String metric) {
    return family(prefix(metric));
  }

  /** A metric's name after its family's prefix and dot. */
  static String restOf(String metric) {
    return rest(metric);
  }

  private static String prefix(String metric) {
    int dot = metric.indexOf('.');
    return dot < 0 ? metric : metric.substring(0, dot);
  }

  private static String rest(String metric) {
    int dot = metric.indexOf('.');
    return dot < 0 ? "" : metric.substring(dot + 1);
  }

  /**
   * Checks a metric name written at {@code node} when the scenario is read: its family, its shape,
   * and the names it uses; returns whether it is well formed.
   */
  static boolean check(Node node, String metric, Diagnostics diag, NameScope names) {
    String prefix = prefix(metric);
    MetricFamily family = family(prefix);
    if (family == null) {
      diag.report(
          node,
          "unknown metric '"
              + InputText.quote(metric)
              + "' "
              + Suggestions.known(prefix, PREFIXES).replace("known:", "known prefixes:"));
      return false;
    }
    String rest = rest(metric);
    if (!family.wellFormed(rest)) {
      diag.report(node, "bad metric '" + metric + "': expected " + family.shape());
      return false;
    }
    return family.checkNames(metric, rest, node, diag, names);
  }

  /**
   * The metrics of every {@code expect} of {@code steps} (those in tasks included) that {@code
   * kernel}, booted with the scenario's bundles attached, does not have — each unknown counter or
   * field, in file order, so that a run reports them all before its first step rather than the
   * first one when its step is reached. A metric with one value per implementation is left to its
   * step: it is read only under an implementation it names. Without {@code complete} — a memory
   * slot still empty, or a {@code swap} step that may attach an implementation registering more
   * counters — vmstat names are left to their steps too.
   *
   * @param complete whether the kernel has every counter the run will have
   */
  public static List<Problem> missingAtBoot(List<Step> steps, Kernel kernel, boolean complete) {
    List<Problem> problems = new ArrayList<>();
    for (Step step : Operations.flatten(steps)) {
      if (!(step instanceof Expect expect)) {
        continue;
      }
      for (Expectation x : expect.expectations()) {
        MetricFamily family = family(prefix(x.metric()));
        if (x.expected() == null
            || family == null
            || (!complete && family instanceof VmstatMetric)) {
          continue;
        }
        String message = family.missingAtBoot(rest(x.metric()), kernel);
        if (message != null) {
          problems.add(new Problem(x.where(), message));
        }
      }
    }
    return problems;
  }

  /**
   * What a metric's value measures (see {@link MetricUnit}); {@link MetricUnit#TEXT} for a name of
   * no family, whose values are then taken as written.
   */
  public static MetricUnit unit(String metric) {
    MetricFamily family = metric == null ? null : family(prefix(metric));
    return family == null ? MetricUnit.TEXT : family.unit(rest(metric));
  }

  /**
   * Checks the sizes a metric's name holds, once the machine is pinned (see {@link SizeChecks}).
   */
  static void validate(Expectation x, SizeChecks checks) {
    MetricFamily family = family(prefix(x.metric()));
    if (family != null) {
      family.validate(x, rest(x.metric()), checks);
    }
  }

  /**
   * A metric's current value (a Long, a Double, a Boolean or a String) for the step running in
   * {@code ctx}.
   *
   * @throws BadInputException for a family, counter, field, stat or name this kernel does not have
   */
  public static Object resolve(StepContext ctx, String metric, Location where) {
    MetricFamily family = family(prefix(metric));
    if (family == null) {
      throw new BadInputException(
          where, "metric family '" + prefix(metric) + "' is not provided by this kernel");
    }
    return family.resolve(metric, rest(metric), ctx, where);
  }
}
