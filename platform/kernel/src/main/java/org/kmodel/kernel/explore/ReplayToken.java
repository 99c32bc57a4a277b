package org.kmodel.kernel.explore;

/**
 * Choice sequences as short tokens: {@code i1-} then one base-36 digit per choice (a choice point
 * never offers more than 36 tasks in kmodel's scenarios). {@code kmodel run --replay TOKEN} replays
 * the interleaving exactly.
 */
public final class ReplayToken {
  private static final String PREFIX = "i1-";

  private ReplayToken() {}

  public static String encode(int[] choices) {
    StringBuilder sb = new StringBuilder(PREFIX);
    for (int c : choices) {
      if (c < 0 || c >= 36) {
        throw new IllegalArgumentException("choice " + c + " does not fit a token digit");
      }
      sb.append(Character.forDigit(c, 36));
    }
    return sb.toString();
  }

  /**
   * @throws IllegalArgumentException for anything that is not a token
   */
  public static int[] decode(String token) {
    if (!token.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a replay token: '" + token + "' (they start with " + PREFIX + ")");
    }
    String digits = token.substring(PREFIX.length());
    int[] out = new int[digits.length()];
    for (int i = 0; i < out.length; i++) {
      int d = Character.digit(digits.charAt(i), 36);
      if (d < 0) {
        throw new IllegalArgumentException(
            "bad character '"
                + digits.charAt(i)
                + "' at position "
                + (i + PREFIX.length())
                + " of the replay token");
      }
      out[i] = d;
    }
    return out;
  }
}
