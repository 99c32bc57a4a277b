package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.kmodel.kernel.scenario.model.Exit;
import org.kmodel.kernel.scenario.model.Fork;
import org.kmodel.kernel.scenario.model.Khugepaged;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Phase;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.SetKnobs;
import org.kmodel.kernel.scenario.model.Sleep;
import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Swap;
import org.kmodel.kernel.scenario.model.Tasks;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses the {@code steps:} list: finds each step's op, hands it to the op's parser, and keeps
 * track of the names the steps introduce. Ops on regions live in {@link RegionSteps}, ops on the
 * filesystem in {@link FilesystemSteps}, {@code expect} in {@link ExpectParser}; the rest, {@code
 * tasks} among them, are here.
 */
final class StepParser {

  private final Diagnostics diag;
  private final NameScope names;
  private final Map<String, BiFunction<Node, Node, Step>> ops = new LinkedHashMap<>();

  /** Whether the steps being read belong to a task of a {@code tasks} block. */
  private boolean inTask;

  StepParser(Diagnostics diag) {
    this.diag = diag;
    this.names = new NameScope(diag);
    RegionSteps regions = new RegionSteps(diag, names);
    FilesystemSteps fs = new FilesystemSteps(diag, names);
    ops.put("spawn", this::spawn);
    ops.put("mmap", regions::mmap);
    ops.put("munmap", regions::munmap);
    ops.put("mprotect", regions::mprotect);
    ops.put("mremap", regions::mremap);
    ops.put("madvise", regions::madvise);
    ops.put("touch", regions::touch);
    ops.put("fill", regions::fill);
    ops.put("check", regions::check);
    ops.put("fork", this::fork);
    ops.put("exit", this::exit);
    ops.put("sleep", this::sleep);
    ops.put("khugepaged", this::khugepaged);
    ops.put("set", this::set);
    ops.put("swap", this::swap);
    ops.put("expect", new ExpectParser(diag, names)::expect);
    ops.put("phase", this::phase);
    ops.put("mkfs", fs::mkfs);
    ops.put("create", fs::create);
    ops.put("write", fs::write);
    ops.put("fallocate", fs::fallocate);
    ops.put("fsync", fs::fsync);
    ops.put("commit", fs::commit);
    ops.put("read", fs::read);
    ops.put("relocate", fs::relocate);
    ops.put("balance", fs::balance);
    ops.put("cancel-balance", fs::cancelBalance);
    ops.put("tasks", this::tasks);
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
    BiFunction<Node, Node, Step> parser = ops.get(op);
    if (parser == null) {
      diag.report(opNode, "unknown op '" + op + "' " + Suggestions.known(op, ops.keySet()));
      return null;
    }
    return parser.apply(opNode, value);
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

  private Step spawn(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "pid", List.of("pid"));
    String pid = a.name("pid");
    names.spawn(a.node("pid"), pid);
    return pid == null ? null : new Spawn(diag.at(op), pid);
  }

  private Step fork(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("pid", "child"));
    String pid = a.name("pid");
    String child = a.name("child");
    names.use(a.node("pid"), pid);
    names.fork(a.node("child"), pid, child);
    return pid == null || child == null ? null : new Fork(diag.at(op), pid, child);
  }

  private Step exit(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "pid", List.of("pid"));
    String pid = a.name("pid");
    names.exit(a.node("pid"), pid);
    return pid == null ? null : new Exit(diag.at(op), pid);
  }

  private Step sleep(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "duration", List.of("duration"));
    Long nanos = a.duration("duration");
    return nanos == null ? null : new Sleep(diag.at(op), nanos);
  }

  private Step khugepaged(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("full_scans"));
    Long scans = a.integer("full_scans");
    if (scans != null && (scans < 1 || scans > Integer.MAX_VALUE)) {
      a.report(
          "full_scans",
          "'full_scans' for khugepaged must be from 1 to " + Integer.MAX_VALUE + ", not " + scans);
      return null;
    }
    return scans == null ? null : new Khugepaged(diag.at(op), scans.intValue());
  }

  private Step set(Node op, Node value) {
    List<KnobWrite> writes = Knobs.read(diag, value, " for set");
    if (writes != null && ((MappingNode) value).getValue().isEmpty()) {
      diag.report(value, "set needs at least one knob");
      return null;
    }
    return writes == null ? null : new SetKnobs(diag.at(op), writes);
  }

  private Step swap(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("slot", "to", "wait?"));
    String slot = a.text("slot");
    if (slot != null && !Scenario.SLOT_IDS.contains(slot)) {
      a.report(
          "slot",
          "unknown slot '" + slot + "' for swap " + Suggestions.known(slot, Scenario.SLOT_IDS));
      slot = null;
    }
    String to = a.text("to");
    Long wait = a.duration("wait");
    long millis = wait == null ? 0 : ceilMillis(wait);
    return slot == null || to == null ? null : new Swap(diag.at(op), slot, to, millis);
  }

  private Step phase(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "name", List.of("name"));
    String name = a.text("name");
    return name == null ? null : new Phase(diag.at(op), name);
  }

  /**
   * Reads {@code tasks: {name: [steps], ...}}. Each task's steps are read with the same rules as
   * the top level, against the names known before the block plus the task's own; see {@link
   * NameScope}. A nested block is reported and still read, so that the names it introduces do not
   * turn into further problems.
   */
  private Step tasks(Node op, Node value) {
    int problems = diag.count();
    if (inTask) {
      diag.report(
          op,
          "tasks cannot be nested: the steps of a task run in order; make every concurrent list a"
              + " task of the outer tasks");
    }
    MappingNode mapping =
        Values.mapping(
            diag,
            value,
            "a mapping of task names to lists of steps, e.g. {writer: [...], mover: [...]}");
    if (mapping == null) {
      return null;
    }
    if (mapping.getValue().size() < 2) {
      diag.report(
          value,
          "tasks needs at least two tasks, not "
              + mapping.getValue().size()
              + " (the steps of one task can stand in the steps list)");
    }
    boolean wasInTask = inTask;
    inTask = true;
    NameScope.Saved before = names.save();
    List<NameScope.Saved> after = new ArrayList<>();
    Map<String, List<Step>> tasks = new LinkedHashMap<>();
    for (NodeTuple entry : mapping.getValue()) {
      String name = taskName(entry.getKeyNode());
      names.restore(before);
      List<Step> steps = parse(entry.getValueNode());
      after.add(names.save());
      if (name != null && steps != null) {
        tasks.putIfAbsent(name, steps);
      }
    }
    inTask = wasInTask;
    names.join(before, after);
    return diag.count() > problems ? null : new Tasks(diag.at(op), tasks);
  }

  /** A task's name, as process and region names are written; null (reported) when bad. */
  private String taskName(Node key) {
    if (!(key instanceof ScalarNode scalar) || Values.isNull(key)) {
      diag.report(key, "expected a task name in tasks, not " + Values.describe(key));
      return null;
    }
    if (!Values.isName(scalar.getValue())) {
      diag.report(
          key,
          "bad task name '" + scalar.getValue() + "' in tasks: use letters, digits, '_' and '-'");
      return null;
    }
    return scalar.getValue();
  }

  /** Rounds up, so that a wait of 1us still waits. */
  private static long ceilMillis(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis * 1_000_000 == nanos ? millis : millis + 1;
  }
}
