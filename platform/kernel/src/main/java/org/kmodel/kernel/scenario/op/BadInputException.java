package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Location;

/**
 * Input the kernel cannot act on — an unknown knob, metric or implementation name. Stops the run;
 * the command exits with code 2 and names the place in the scenario.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Location where;

  public BadInputException(Location where, String message) {
    super(message);
    this.where = where;
  }

  public Location where() {
    return where;
  }

  @Override
  public String toString() {
    return (where == null ? "" : where + ": ") + getMessage();
  }
}
