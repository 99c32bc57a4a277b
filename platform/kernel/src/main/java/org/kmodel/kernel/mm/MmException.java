package org.kmodel.kernel.mm;

/** A system call of the model failed with an errno, as Linux would fail it. */
public final class MmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errno;

  public MmException(String errno, String message) {
    super(errno + ": " + message);
    this.errno = errno;
  }

  public String errno() {
    return errno;
  }
}
