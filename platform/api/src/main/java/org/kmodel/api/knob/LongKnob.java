package org.kmodel.api.knob;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A decimal knob with an inclusive range, e.g. {@code khugepaged/max_ptes_none} (0..511). Writing
 * anything that is not a decimal integer in range is EINVAL, as {@code kstrtoul} makes it.
 */
@ProviderType
public final class LongKnob implements Knob {
  private final String path;
  private final long min;
  private final long max;
  private long value;

  public LongKnob(String path, long min, long max, long initial) {
    if (initial < min || initial > max) {
      throw new IllegalArgumentException(path + ": " + initial + " outside " + min + ".." + max);
    }
    this.path = path;
    this.min = min;
    this.max = max;
    this.value = initial;
  }

  @Override
  public String path() {
    return path;
  }

  /** The current value; a cheap field read for hot paths. */
  public long get() {
    return value;
  }

  @Override
  public String read() {
    return Long.toString(value);
  }

  @Override
  public void write(String text) throws KnobException {
    String s = text.strip();
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new KnobException(Errno.EINVAL, "'" + s + "' is not a decimal number");
    }
    if (v < min || v > max) {
      throw new KnobException(Errno.EINVAL, v + " is outside " + min + ".." + max);
    }
    value = v;
  }
}
