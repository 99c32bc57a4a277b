package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.Comparison;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code expect: {metric: value, ...}}: fails the run unless every metric matches; see {@link
 * Expect}. A YAML number or {@code true}/{@code false} must be equal; a string is a comparison
 * string ({@code ">= 5"}) or must be equal. {@code yes}, {@code no}, {@code on} and {@code off}
 * stay words, as knobs print them, not YAML 1.1 booleans. Metric names are {@link MetricFamilies}'.
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
      Comparison expected = comparison(diag, entry.getValueNode(), metric);
      if (metric != null
          && MetricFamilies.check(key, metric, diag, in.names())
          && expected != null) {
        expectations.add(new Expectation(diag.at(key), metric, expected));
      }
    }
    return diag.count() > problems ? null : new Expect(in.at(), expectations);
  }

  private static Comparison comparison(Diagnostics diag, Node node, String metric) {
    String key = metric == null ? "value" : metric;
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
      return Comparison.parse(text);
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
    for (Expectation x : step.expectations()) {
      Object actual;
      try {
        actual = MetricFamilies.resolve(ctx, x.metric(), x.where());
      } catch (BadInputException e) {
        throw e;
      } catch (RuntimeException | LinkageError e) {
        ctx.isolate(e, x.where(), "reading " + x.metric());
        continue;
      }
      if (!x.expected().test(actual)) {
        ctx.fail(x.where(), "expected " + x.metric() + " " + x.expected() + ", got " + actual);
      }
    }
  }
}
