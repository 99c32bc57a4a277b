package org.kmodel.kernel.scenario.value;

/**
 * Pieces of user input as messages quote them: at most {@link #QUOTE_LIMIT} characters, with the
 * length of what was left out, so that a megabyte of digits is refused in one short line; and with
 * every character that would act on a terminal written as a backslash, u and four hex digits, so
 * that a name holding ESC or U+202E prints as what it is instead of recolouring or reversing the
 * line.
 */
public final class InputText {
  /** Characters of input a message quotes. */
  public static final int QUOTE_LIMIT = 80;

  /**
   * The longest number text worth parsing: a {@code long} has 19 digits; with a fraction, blanks
   * and a unit anything longer cannot be a size or a duration the model takes.
   */
  static final int NUMBER_LIMIT = 64;

  private InputText() {}

  /**
   * {@code text} whole when short, else its first characters and how many more there were; escaped
   * (see {@link #escape}) after it is cut, so the limit counts characters of input.
   */
  public static String quote(String text) {
    if (text.length() <= QUOTE_LIMIT) {
      return escape(text);
    }
    return escape(text.substring(0, QUOTE_LIMIT - 3))
        + "... ("
        + (text.length() - (QUOTE_LIMIT - 3))
        + " more characters)";
  }

  /**
   * Whether a character acts on a terminal rather than printing: a C0 control but tab and newline,
   * DEL, a C1 control (U+0080 to U+009F; U+009B is a one-byte CSI), or a bidirectional embedding,
   * override or isolate (U+202A to U+202E, U+2066 to U+2069), which reorder the rest of the line.
   */
  public static boolean isControl(char c) {
    return (c < 0x20 && c != '\t' && c != '\n')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * {@code text} with every {@link #isControl control character}, tab and newline written as a
   * backslash, u and four hex digits, as a Java string would: a message is one line.
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) || c == '\t' || c == '\n') {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** The index of the first {@link #isControl control character} of {@code text}, or -1. */
  public static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
