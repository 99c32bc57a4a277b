package org.kmodel.kernel.scenario.model;

import java.util.List;

/**
 * {@code set: {path: value, ...}}: writes knobs now, in order; a bad value is the kernel's EINVAL
 * and fails the step.
 *
 * @param where where the op is written
 * @param writes the writes, in order
 */
public record SetKnobs(Location where, List<KnobWrite> writes) implements Step {

  /** Copies the writes. */
  public SetKnobs {
    writes = List.copyOf(writes);
  }

  @Override
  public String op() {
    return "set";
  }
}
