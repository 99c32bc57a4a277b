package org.kmodel.kernel.mm.boot;

import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;

/**
 * A debugfs {@code atomic_t} file ({@code debugfs_create_atomic_t}) that the kernel also updates on
 * its own, such as fault injection's {@code times} and {@code space}. Reads print the signed
 * decimal value. Writes take an optional sign and a C number ({@code 0x} hex, leading-zero octal or
 * decimal) of up to 64 bits, which is then cut to 32 bits as {@code atomic_set} cuts it: so both
 * {@code -1} and the {@code printf %#x -1} of the kernel's own examples store -1.
 */
public final class IntKnob implements Knob {
  private final String path;
  private int value;

  public IntKnob(String path, int initial) {
    this.path = path;
    this.value = initial;
  }

  @Override
  public String path() {
    return path;
  }

  /** The current value; a cheap field read for hot paths. */
  public int get() {
    return value;
  }

  /** Sets the value from the kernel side, without parsing. */
  public void set(int value) {
    this.value = value;
  }

  @Override
  public String read() {
    return Integer.toString(value);
  }

  @Override
  public void write(String text) throws KnobException {
    String s = text.strip();
    boolean negative = s.startsWith("-");
    String digits = negative || s.startsWith("+") ? s.substring(1) : s;
    int radix = 10;
    if (digits.length() > 2 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    long v;
    try {
      if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
        throw new NumberFormatException(s);
      }
      v = Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new KnobException(Errno.EINVAL, "'" + s + "' is not a number");
    }
    value = (int) (negative ? -v : v);
  }
}
