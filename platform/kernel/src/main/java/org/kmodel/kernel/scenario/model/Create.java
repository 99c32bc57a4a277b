package org.kmodel.kernel.scenario.model;

/**
 * {@code create: f} or {@code create: {file: f, nodatacow: true}}: creates an empty file, known to
 * later steps as {@code file}.
 *
 * @param where where the op is written
 * @param file the file's name
 * @param nodatacow whether the file is NOCOW, as {@code chattr +C} makes it; false unless given
 */
public record Create(Location where, String file, boolean nodatacow) implements Step {

  @Override
  public String op() {
    return "create";
  }
}
