package org.kmodel.container;

/** A container problem a user can fix: a missing bundle, an unresolvable import, a bad set name. */
public final class ContainerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ContainerException(String message) {
    super(message);
  }

  public ContainerException(String message, Throwable cause) {
    super(message, cause);
  }
}
