package org.kmodel.api.knob;

import org.osgi.annotation.versioning.ProviderType;

/** A knob write the kernel refuses, with the errno Linux would return. */
@ProviderType
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
