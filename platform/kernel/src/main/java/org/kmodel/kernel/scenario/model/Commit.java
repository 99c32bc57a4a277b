package org.kmodel.kernel.scenario.model;

/**
 * {@code commit: {}}: commits the running transaction; the trees become the commit roots.
 *
 * @param where where the op is written
 */
public record Commit(Location where) implements Step {

  @Override
  public String op() {
    return "commit";
  }
}
