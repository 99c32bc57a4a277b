package org.kmodel.kernel.scenario.model;

/**
 * {@code khugepaged: {full_scans: N}}: runs khugepaged until it completes N more full scans.
 *
 * @param where where the op is written
 * @param fullScans how many more full scans; at least 1
 */
public record Khugepaged(Location where, int fullScans) implements Step {

  @Override
  public String op() {
    return "khugepaged";
  }
}
