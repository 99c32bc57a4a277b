package org.kmodel.kernel.scenario.model;

/**
 * {@code fork}: copies a process; the child inherits its parent's region names.
 *
 * @param where where the op is written
 * @param pid the parent
 * @param child the new process's name
 */
public record Fork(Location where, String pid, String child) implements Step {

  @Override
  public String op() {
    return "fork";
  }
}
