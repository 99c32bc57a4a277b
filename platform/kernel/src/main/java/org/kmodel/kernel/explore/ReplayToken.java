package org.kmodel.kernel.explore;

import org.kmodel.kernel.scenario.value.InputText;

/**
 * Choice sequences as short tokens: {@code i2-}, four base-36 digits of the scenario's fingerprint
 * and a dash, then one base-36 digit per choice (a choice point never offers more than 36 tasks in
 * kmodel's scenarios). {@code kmodel run --replay TOKEN} replays the interleaving exactly, and
 * refuses a token found on another scenario. Tokens of the first form ({@code i1-}, no fingerprint)
 * still decode.
 */
public final class ReplayToken {
  private static final String PREFIX = "i2-";
  private static final String OLD_PREFIX = "i1-";
  private static final int FINGERPRINT_DIGITS = 4;
  private static final int FINGERPRINT_MOD = 36 * 36 * 36 * 36;

  /**
   * A decoded token.
   *
   * @param choices the choice at each choice point, in order
   * @param fingerprint the scenario's fingerprint (see {@link #fingerprint}), -1 for an old token
   */
  public record Decoded(int[] choices, int fingerprint) {}

  private ReplayToken() {}

  /** A scenario's fingerprint as a token carries it: {@code hash} folded into four digits. */
  public static int fingerprint(long hash) {
    return (int) Math.floorMod(hash ^ (hash >>> 32), (long) FINGERPRINT_MOD);
  }

  /** A token for {@code choices} on the scenario whose {@link #fingerprint} is {@code scenario}. */
  public static String encode(int[] choices, int scenario) {
    StringBuilder digits = new StringBuilder(Integer.toString(scenario, 36));
    while (digits.length() < FINGERPRINT_DIGITS) {
      digits.insert(0, '0');
    }
    return PREFIX + digits + "-" + encode(choices).substring(OLD_PREFIX.length());
  }

  /** A token of the first form, without a fingerprint. */
  public static String encode(int[] choices) {
    StringBuilder sb = new StringBuilder(OLD_PREFIX);
    for (int c : choices) {
      if (c < 0 || c >= 36) {
        throw new IllegalArgumentException("choice " + c + " does not fit a token digit");
      }
      sb.append(Character.forDigit(c, 36));
    }
    return sb.toString();
  }

  /**
   * The choices of a token of either form.
   *
   * @throws IllegalArgumentException for anything that is not a token
   */
  public static int[] decode(String token) {
    return read(token).choices();
  }

  /**
   * A token of either form, with its fingerprint.
   *
   * @throws IllegalArgumentException for anything that is not a token
   */
  public static Decoded read(String token) {
    int fingerprint = -1;
    String digits;
    if (token.startsWith(PREFIX)) {
      int dash = PREFIX.length() + FINGERPRINT_DIGITS;
      if (token.length() < dash + 1 || token.charAt(dash) != '-') {
        throw new IllegalArgumentException(
            "not a replay token: '"
                + InputText.quote(token)
                + "' ("
                + PREFIX
                + ", four digits, '-')");
      }
      try {
        fingerprint = Integer.parseInt(token.substring(PREFIX.length(), dash), 36);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "not a replay token: '"
                + InputText.quote(token)
                + "' (its fingerprint is not base 36)");
      }
      digits = token.substring(dash + 1);
    } else if (token.startsWith(OLD_PREFIX)) {
      digits = token.substring(OLD_PREFIX.length());
    } else {
      throw new IllegalArgumentException(
          "not a replay token: '" + InputText.quote(token) + "' (they start with " + PREFIX + ")");
    }
    int at = token.length() - digits.length();
    int[] out = new int[digits.length()];
    for (int i = 0; i < out.length; i++) {
      int d = Character.digit(digits.charAt(i), 36);
      if (d < 0) {
        throw new IllegalArgumentException(
            "bad character '"
                + InputText.quote(String.valueOf(digits.charAt(i)))
                + "' at position "
                + (i + at)
                + " of the replay token");
      }
      out[i] = d;
    }
    return new Decoded(out, fingerprint);
  }
}
