package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kmodel.api.SlotId;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.Comparison;
import org.kmodel.kernel.scenario.value.InputText;
import org.kmodel.kernel.scenario.value.MetricUnit;
import org.kmodel.kernel.slot.PluginSlot;
import org.kmodel.kernel.slot.Slots;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code expect: {metric: value, ...}}: fails the run unless every metric matches; see {@link
 * Expect}. A YAML number or {@code true}/{@code false} must be equal; a string is a comparison
 * string ({@code ">= 5"}) or must be equal. {@code yes}, {@code no}, {@code on} and {@code off}
 * stay words, as knobs print them, not YAML 1.1 booleans — except for a flag metric, which takes
 * them as {@code true}/{@code false}; a metric in kB or bytes takes sizes ({@code 64M}), converted
 * to its unit ({@link MetricUnit}). Metric names are {@link MetricFamilies}'.
 *
 * <p>A value may instead be a mapping from implementation names ({@code kmodel.name}) to such
 * values, so that one scenario carries each policy's expected outcome: the first key that names an
 * implementation in a slot when the step runs applies, else the key {@code other}; with neither the
 * metric is not checked and a {@code skip} event says so. Keys must be well-formed names; whether
 * an implementation of that name exists cannot be known before the bundles resolve.
 */
final class ExpectOp extends Action<Expect> {

  ExpectOp() {
    super("expect", Expect.class);
  }

  @Override
  public Expect parse(OpInput in) {
    Diagnostics diag = in.diag();
    Node value = in.value();
    MappingNode mapping =
        Values.mapping(
            diag, value, "a mapping of metrics to values, e.g. {vmstat.thp_fault_alloc: 1}");
    if (mapping == null) {
      return null;
    }
    if (mapping.getValue().isEmpty()) {
      diag.report(value, "expect needs at least one metric");
      return null;
    }
    int problems = diag.count();
    List<Expectation> expectations = new ArrayList<>();
    for (NodeTuple entry : mapping.getValue()) {
      Node key = entry.getKeyNode();
      String metric = Values.text(diag, key, "metric", " in expect");
      Node valueNode = entry.getValueNode();
      Comparison expected = null;
      Map<String, Comparison> byName = Map.of();
      if (valueNode instanceof MappingNode perImplementation) {
        byName = byImplementation(diag, perImplementation, metric);
      } else {
        expected = comparison(diag, valueNode, metric, metric);
      }
      if (metric != null
          && MetricFamilies.check(key, metric, diag, in.names())
          && (expected != null || (byName != null && !byName.isEmpty()))) {
        expectations.add(new Expectation(diag.at(key), metric, expected, byName));
      }
    }
    return diag.count() > problems ? null : new Expect(in.at(), expectations);
  }

  /** {@code {implementation: value, ..., other: value}}; null after reporting a problem. */
  private static Map<String, Comparison> byImplementation(
      Diagnostics diag, MappingNode node, String metric) {
    String of = metric == null ? "a metric" : metric;
    if (node.getValue().isEmpty()) {
      diag.report(node, of + " needs a value for at least one implementation, e.g. {thp-linux: 0}");
      return null;
    }
    int problems = diag.count();
    Map<String, Comparison> values = new LinkedHashMap<>();
    for (NodeTuple entry : node.getValue()) {
      Node key = entry.getKeyNode();
      String name = Values.text(diag, key, "implementation", " in expect of " + of);
      if (name != null && !Values.isName(name)) {
        diag.report(
            key,
            "bad implementation name '"
                + InputText.quote(name)
                + "' in expect of "
                + of
                + ": "
                + Values.nameRule(name));
        name = null;
      }
      Comparison expected = comparison(diag, entry.getValueNode(), of + " for " + name, metric);
      if (name != null && expected != null) {
        values.put(name, expected);
      }
    }
    return diag.count() > problems ? null : values;
  }

  /**
   * @param label what the value is for, as messages name it
   * @param metric the metric's name, whose unit decides how sizes and flag words read
   */
  private static Comparison comparison(Diagnostics diag, Node node, String label, String metric) {
    String key = label == null ? "value" : label;
    String text = Values.text(diag, node, key, " in expect");
    if (text == null) {
      return null;
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      Object number = Comparison.number(text);
      if (number == null) {
        diag.report(
            node, "bad number '" + text + "' for " + key + ": write it in decimal, e.g. 1.5");
        return null;
      }
      return new Comparison(Comparison.Op.EQ, number);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (tag.equals(Tag.BOOL) && (lower.equals("true") || lower.equals("false"))) {
      return new Comparison(Comparison.Op.EQ, Boolean.valueOf(lower));
    }
    try {
      return Comparison.parse(text, MetricFamilies.unit(metric), key);
    } catch (IllegalArgumentException e) {
      diag.report(node, e.getMessage());
      return null;
    }
  }

  @Override
  void validate(Expect step, SizeChecks checks) {
    step.expectations().forEach(x -> MetricFamilies.validate(x, checks));
  }

  @Override
  void run(Expect step, StepContext ctx) {
    List<String> occupants = occupants(ctx);
    List<Problem> unknown = new ArrayList<>();
    for (Expectation x : step.expectations()) {
      Comparison expected = x.applicable(occupants);
      if (expected == null) {
        ctx.kernel()
            .events()
            .record(
                "skip",
                x.metric() + " not checked: no value for " + String.join(", ", occupants),
                Map.of("where", x.where().toString()));
        continue;
      }
      Object actual;
      try {
        actual = MetricFamilies.resolve(ctx, x.metric(), x.where());
      } catch (BadInputException e) {
        unknown.addAll(e.problems());
        continue;
      } catch (RuntimeException | LinkageError e) {
        ctx.isolate(e, x.where(), "reading " + x.metric());
        continue;
      }
      if (!expected.test(actual)) {
        MetricUnit unit = MetricFamilies.unit(x.metric());
        ctx.fail(
            x.where(),
            "expected "
                + x.metric()
                + " "
                + expected.op().symbol()
                + " "
                + unit.format(expected.value())
                + ", got "
                + unit.format(actual));
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadInputException(unknown);
    }
  }

  /** The names of the implementations in the kernel's slots now. */
  static List<String> occupants(StepContext ctx) {
    List<String> names = new ArrayList<>();
    for (SlotId<?> id : Slots.ALL) {
      PluginSlot<?> slot = ctx.kernel().slots().slot(id);
      if (!slot.isEmpty()) {
        names.add(slot.occupantName());
      }
    }
    return names;
  }
}
