package org.kmodel.api.knob;

import org.osgi.annotation.versioning.ProviderType;

/** The errno values a knob write can fail with, numbered as on Linux. */
@ProviderType
public enum Errno {
  EPERM(1),
  ENOENT(2),
  EBUSY(16),
  EINVAL(22);

  private final int number;

  Errno(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The text {@code strerror} gives, as a shell prints it after a failed {@code echo >}. */
  public String describe() {
    return switch (this) {
      case EPERM -> "Operation not permitted";
      case ENOENT -> "No such file or directory";
      case EBUSY -> "Device or resource busy";
      case EINVAL -> "Invalid argument";
    };
  }
}
