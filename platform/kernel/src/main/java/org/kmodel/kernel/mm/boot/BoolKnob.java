package org.kmodel.kernel.mm.boot;

import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;

/**
 * A debugfs boolean ({@code debugfs_create_bool}): reads print {@code Y} or {@code N}; writes
 * follow {@code kstrtobool}, which looks only at the first character ({@code y Y t T 1} true,
 * {@code n N f F 0} false) or at the first two for {@code on} / {@code off}. Anything else is
 * EINVAL.
 */
public final class BoolKnob implements Knob {
  private final String path;
  private boolean value;

  public BoolKnob(String path, boolean initial) {
    this.path = path;
    this.value = initial;
  }

  @Override
  public String path() {
    return path;
  }

  /** The current value; a cheap field read for hot paths. */
  public boolean get() {
    return value;
  }

  public void set(boolean value) {
    this.value = value;
  }

  @Override
  public String read() {
    return value ? "Y" : "N";
  }

  @Override
  public void write(String text) throws KnobException {
    String s = text.strip();
    char first = s.isEmpty() ? '\0' : s.charAt(0);
    char second = s.length() > 1 ? s.charAt(1) : '\0';
    switch (first) {
      case 'y', 'Y', 't', 'T', '1' -> value = true;
      case 'n', 'N', 'f', 'F', '0' -> value = false;
      case 'o', 'O' -> {
        switch (second) {
          case 'n', 'N' -> value = true;
          case 'f', 'F' -> value = false;
          default -> throw invalid(s);
        }
      }
      default -> throw invalid(s);
    }
  }

  private static KnobException invalid(String s) {
    return new KnobException(Errno.EINVAL, "'" + s + "' is not a boolean (Y/N, 1/0, on/off)");
  }
}
