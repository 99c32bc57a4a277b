package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.value.Comparison;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses {@code expect: {metric: value, ...}}. A YAML number or {@code true}/{@code false} must be
 * equal; a string is a comparison string ({@code ">= 5"}) or must be equal. {@code yes}, {@code
 * no}, {@code on} and {@code off} stay words, as knobs print them, not YAML 1.1 booleans.
 */
final class ExpectParser {

  private final Diagnostics diag;
  private final MetricNames metrics;

  ExpectParser(Diagnostics diag, NameScope names) {
    this.diag = diag;
    this.metrics = new MetricNames(diag, names);
  }

  Step expect(Node op, Node value) {
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
      String metric = Values.text(diag, entry.getKeyNode(), "metric", " in expect");
      Comparison expected = comparison(entry.getValueNode(), metric);
      if (metric != null && metrics.check(entry.getKeyNode(), metric) && expected != null) {
        expectations.add(new Expectation(diag.at(entry.getKeyNode()), metric, expected));
      }
    }
    return diag.count() > problems ? null : new Expect(diag.at(op), expectations);
  }

  private Comparison comparison(Node node, String metric) {
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
}
