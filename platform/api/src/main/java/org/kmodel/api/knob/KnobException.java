package org.kmodel.api.knob;

/** A knob write the kernel refuses, with the errno Linux would return. */
public final class KnobException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Errno errno;

  public KnobException(Errno errno, String message) {
    super(message);
    this.errno = errno;
  }

  public Errno errno() {
    return errno;
  }
}
