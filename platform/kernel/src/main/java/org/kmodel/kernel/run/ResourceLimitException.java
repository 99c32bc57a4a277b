package org.kmodel.kernel.run;

import org.kmodel.kernel.scenario.model.Location;

/**
 * A scenario this JVM cannot run within its resources (the Java heap): a one-line message naming
 * what is needed and how to get it, and exit code 3.
 */
public final class ResourceLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Location where;

  public ResourceLimitException(Location where, String message) {
    super(message);
    this.where = where;
  }

  public Location where() {
    return where;
  }

  @Override
  public String toString() {
    return where + ": " + getMessage();
  }
}
