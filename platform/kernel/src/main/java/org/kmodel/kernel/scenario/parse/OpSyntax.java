package org.kmodel.kernel.scenario.parse;

import org.kmodel.kernel.scenario.model.Step;

/**
 * How one op of the {@code steps:} list is written: the parser looks the op's name up among the
 * syntaxes it was given and hands it the step to read.
 */
public interface OpSyntax {
  /** The op as scenario files spell it, e.g. {@code mmap}. */
  String name();

  /**
   * Reads one step of this op: its arguments, and the names it introduces or uses.
   *
   * @return the step, or null when a problem was reported (parsing goes on with the next step)
   */
  Step parse(OpInput in);
}
