package org.kmodel.kernel.scenario.parse;

import java.util.Arrays;
import java.util.List;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Step;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One step as written — its op's key and the value after it — with what reading it may consult: the
 * names live at this step and the problems found so far.
 */
public final class OpInput {
  private final Diagnostics diag;
  private final NameScope names;
  private final StepParser steps;
  private final Node op;
  private final Node value;

  OpInput(Diagnostics diag, NameScope names, StepParser steps, Node op, Node value) {
    this.diag = diag;
    this.names = names;
    this.steps = steps;
    this.op = op;
    this.value = value;
  }

  /**
   * The op's named arguments, checked against its signature (see {@link Args}).
   *
   * @param shorthand the argument a single value stands for ({@code spawn: p1} is {@code spawn:
   *     {pid: p1}}), or null when the op has none
   * @param signature the names in the order messages show them, optional ones ending in {@code ?}
   */
  public Args args(String shorthand, String... signature) {
    return Args.ofOp(diag, op, value, shorthand, Arrays.asList(signature));
  }

  /** Where the op is written: the location of the step it becomes. */
  public Location at() {
    return diag.at(op);
  }

  /** The op as written, e.g. {@code mmap}. */
  public String op() {
    return ((ScalarNode) op).getValue();
  }

  /** The op's key, where problems with the step as a whole are reported. */
  public Node opNode() {
    return op;
  }

  /** The value after the op, for ops whose value is not a mapping of arguments. */
  public Node value() {
    return value;
  }

  /** The processes, regions and files live at this step, and whether the filesystem is made. */
  public NameScope names() {
    return names;
  }

  public Diagnostics diag() {
    return diag;
  }

  /** An op that takes no arguments is written with {@code {}} or nothing after it. */
  public void noArguments() {
    boolean empty = value instanceof MappingNode mapping && mapping.getValue().isEmpty();
    if (!empty && !Values.isNull(value)) {
      diag.report(
          value, op() + " takes no arguments: write {} or nothing, not " + Values.describe(value));
    }
  }

  /** Whether this step belongs to a task of a {@code tasks} block. */
  public boolean inTask() {
    return steps.inTask();
  }

  /**
   * Reads the steps of one task of a {@code tasks} block, with the same rules as the top level.
   *
   * @return the steps, or null (reported) when the node is not a list
   */
  public List<Step> taskSteps(Node list) {
    return steps.parseTask(list);
  }
}
