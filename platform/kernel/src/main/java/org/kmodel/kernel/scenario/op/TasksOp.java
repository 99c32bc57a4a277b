package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Tasks;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.InputText;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code tasks: {writer: [...], mover: [...]}}: runs lists of steps concurrently; see {@link
 * Tasks}.
 */
final class TasksOp extends Action<Tasks> {

  TasksOp() {
    super("tasks", Tasks.class);
  }

  /**
   * Each task's steps are read with the same rules as the top level, against the names known before
   * the block plus the task's own; see {@link NameScope}. A nested block is reported and still
   * read, so that the names it introduces do not turn into further problems.
   */
  @Override
  public Tasks parse(OpInput in) {
    Diagnostics diag = in.diag();
    int problems = diag.count();
    if (in.inTask()) {
      diag.report(
          in.opNode(),
          "tasks cannot be nested: the steps of a task run in order; make every concurrent list a"
              + " task of the outer tasks");
    }
    Node value = in.value();
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
    NameScope names = in.names();
    NameScope.Saved before = names.save();
    List<NameScope.Saved> after = new ArrayList<>();
    Map<String, List<Step>> tasks = new LinkedHashMap<>();
    for (NodeTuple entry : mapping.getValue()) {
      String name = taskName(diag, entry.getKeyNode());
      names.restore(before);
      List<Step> steps = in.taskSteps(entry.getValueNode());
      after.add(names.save());
      if (name != null && steps != null) {
        tasks.putIfAbsent(name, steps);
      }
    }
    names.join(before, after);
    return diag.count() > problems ? null : new Tasks(in.at(), tasks);
  }

  /** A task's name, as process and region names are written; null (reported) when bad. */
  private static String taskName(Diagnostics diag, Node key) {
    if (!(key instanceof ScalarNode scalar) || Values.isNull(key)) {
      diag.report(key, "expected a task name in tasks, not " + Values.describe(key));
      return null;
    }
    if (!Values.isName(scalar.getValue())) {
      diag.report(
          key,
          "bad task name '"
              + InputText.quote(scalar.getValue())
              + "' in tasks: "
              + Values.nameRule(scalar.getValue()));
      return null;
    }
    return scalar.getValue();
  }

  @Override
  List<Step> nested(Tasks step) {
    List<Step> all = new ArrayList<>();
    step.tasks().values().forEach(all::addAll);
    return all;
  }

  @Override
  void run(Tasks step, StepContext ctx) {
    ctx.runTasks(step.tasks());
  }
}
