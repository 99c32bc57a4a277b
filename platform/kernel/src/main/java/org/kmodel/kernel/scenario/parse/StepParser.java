package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.value.InputText;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses the {@code steps:} list: finds each step's op and hands the step to the op's syntax. The
 * ops themselves — their arguments and the names they introduce — are the syntaxes' business; one
 * {@link NameScope} follows the names across all steps of the file.
 */
final class StepParser {

  private final Diagnostics diag;
  private final NameScope names;
  private final Map<String, OpSyntax> ops = new LinkedHashMap<>();

  /** Whether the steps being read belong to a task of a {@code tasks} block. */
  private boolean inTask;

  StepParser(Diagnostics diag, List<? extends OpSyntax> ops) {
    this.diag = diag;
    this.names = new NameScope(diag);
    ops.forEach(op -> this.ops.put(op.name(), op));
  }

  /**
   * The input of an op written outside {@code steps:} ({@code always:} reads as an {@code expect}),
   * with the names live after every step read so far.
   */
  OpInput input(Node op, Node value) {
    return new OpInput(diag, names, this, op, value);
  }

  /** Parses the steps; null (reported) when the node is not a list. */
  List<Step> parse(Node node) {
    if (!(node instanceof SequenceNode sequence)) {
      diag.report(
          node,
          "expected a list of steps such as '- spawn: p1' (or [] for none), not "
              + Values.describe(node));
      return null;
    }
    List<Step> steps = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      Step step = step(item);
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  boolean inTask() {
    return inTask;
  }

  /** Parses the steps of one task of a {@code tasks} block. */
  List<Step> parseTask(Node node) {
    boolean wasInTask = inTask;
    inTask = true;
    try {
      return parse(node);
    } finally {
      inTask = wasInTask;
    }
  }

  private Step step(Node item) {
    if (!(item instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
      diag.report(item, "expected a step such as '- spawn: p1', not " + Values.describe(item));
      return null;
    }
    List<NodeTuple> entries = mapping.getValue();
    Node opNode = entries.get(0).getKeyNode();
    Node value = entries.get(0).getValueNode();
    if (entries.size() > 1) {
      value = extraKeys(entries, value);
    }
    if (!(opNode instanceof ScalarNode scalar) || Values.isNull(opNode)) {
      diag.report(opNode, "expected an op such as 'spawn', not " + Values.describe(opNode));
      return null;
    }
    String op = scalar.getValue();
    OpSyntax syntax = ops.get(op);
    if (syntax == null) {
      diag.report(
          opNode,
          "unknown op '" + InputText.quote(op) + "' " + Suggestions.known(op, ops.keySet()));
      return null;
    }
    return syntax.parse(new OpInput(diag, names, this, opNode, value));
  }

  /**
   * A step is one op. Further keys beside it are reported; when the op has no value they are almost
   * certainly its arguments, indented one level too little, and are read as such so that one slip
   * of indentation yields one problem.
   */
  private Node extraKeys(List<NodeTuple> entries, Node value) {
    Node second = entries.get(1).getKeyNode();
    String op = Values.describe(entries.get(0).getKeyNode());
    if (Values.isNull(value)) {
      diag.report(
          second,
          "the arguments of "
              + op
              + " must be indented under it (or written as {...} after it), not beside it");
      List<NodeTuple> arguments = entries.subList(1, entries.size());
      return new MappingNode(
          Tag.MAP,
          true,
          arguments,
          second.getStartMark(),
          entries.get(entries.size() - 1).getValueNode().getEndMark(),
          DumperOptions.FlowStyle.BLOCK);
    }
    diag.report(
        second,
        "a step has one op, but "
            + Values.describe(second)
            + " stands beside "
            + op
            + "; start a new step with '- '");
    return value;
  }
}
