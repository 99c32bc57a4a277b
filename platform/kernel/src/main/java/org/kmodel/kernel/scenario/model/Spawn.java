package org.kmodel.kernel.scenario.model;

/**
 * {@code spawn: NAME}: starts a new process, known to later steps as {@code pid}.
 *
 * @param where where the op is written
 * @param pid the new process's name
 */
public record Spawn(Location where, String pid) implements Step {

  @Override
  public String op() {
    return "spawn";
  }
}
