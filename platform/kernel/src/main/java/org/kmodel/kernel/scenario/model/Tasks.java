package org.kmodel.kernel.scenario.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tasks: {writer: [...], mover: [...]}}: runs two or more lists of steps concurrently, each
 * as its own simulated task; the step completes when all of them have. Each task's steps run in
 * order and see the names (processes, regions, files, the filesystem) introduced before the block
 * and earlier in the same task; after the block, later steps see what every task introduced. Tasks
 * do not nest.
 *
 * @param where where the op is written
 * @param tasks the tasks by name, in file order; names are unique, of letters, digits, '_' and '-'
 */
public record Tasks(Location where, Map<String, List<Step>> tasks) implements Step {

  /** Copies the tasks and their steps, keeping their order. */
  public Tasks {
    Map<String, List<Step>> copy = new LinkedHashMap<>();
    tasks.forEach((name, steps) -> copy.put(name, List.copyOf(steps)));
    tasks = Collections.unmodifiableMap(copy);
  }

  @Override
  public String op() {
    return "tasks";
  }
}
