package org.kmodel.kernel.scenario.model;

/**
 * {@code exit: NAME} or {@code exit: {pid: NAME}}: ends a process; its name may be reused.
 *
 * @param where where the op is written
 * @param pid the process
 */
public record Exit(Location where, String pid) implements Step {

  @Override
  public String op() {
    return "exit";
  }
}
