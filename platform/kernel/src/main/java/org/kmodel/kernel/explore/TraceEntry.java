package org.kmodel.kernel.explore;

/**
 * One step of an execution: which task ran it, what it did, and the scenario step it belongs to.
 *
 * @param task the task's name
 * @param step what the step did, as it describes itself
 * @param origin the scenario step as {@code op line:column}, empty for a step of no scenario step
 *     (a wait for a guard)
 */
public record TraceEntry(String task, String step, String origin) {

  /** A step that belongs to no scenario step. */
  public TraceEntry(String task, String step) {
    this(task, step, "");
  }
}
