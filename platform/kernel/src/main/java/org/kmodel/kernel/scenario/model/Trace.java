package org.kmodel.kernel.scenario.model;

/**
 * {@code trace}: replays the data accesses of a Valgrind Lackey trace ({@code valgrind
 * --tool=lackey --trace-mem=yes}) in a process, at the addresses the traced program used.
 *
 * @param where where the op is written
 * @param pid the process
 * @param as the region naming the span from the trace's lowest to its highest page
 * @param file the trace file, resolved against the scenario's directory
 * @param written the path as the scenario writes it, for messages
 */
public record Trace(Location where, String pid, String as, String file, String written)
    implements Step {

  @Override
  public String op() {
    return "trace";
  }
}
