package org.kmodel.kernel.scenario.parse;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt names, by edit distance with transpositions. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * Returns {@code (known: a, b, c)} or {@code (known: a, b, c; did you mean 'b'?)} when one of the
   * known names is close to the given one.
   */
  public static String known(String given, Collection<String> known) {
    String hint = closest(given, known);
    String list = list(known);
    return hint == null
        ? "(known: " + list + ")"
        : "(known: " + list + "; did you mean '" + hint + "'?)";
  }

  /** The longest list of names a message quotes whole. */
  public static final int WHOLE_LIST = 100;

  /**
   * How many characters of a longer list a message quotes before saying how many more there are.
   */
  public static final int CUT_LIST = 60;

  /**
   * The names joined by {@code ", "}; a list longer than {@link #WHOLE_LIST} characters is cut
   * after about {@link #CUT_LIST} with {@code ", ... (N more)"}, so that a message quoting it still
   * fits a terminal line.
   */
  public static String list(Collection<String> names) {
    String whole = String.join(", ", names);
    if (whole.length() <= WHOLE_LIST) {
      return whole;
    }
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (String name : names) {
      if (shown > 0 && b.length() + 2 + name.length() > CUT_LIST) {
        break;
      }
      b.append(shown == 0 ? "" : ", ").append(name);
      shown++;
    }
    return b + ", ... (" + (names.size() - shown) + " more)";
  }

  /** The known name closest to the given one, if it is close enough to be a typo; else null. */
  public static String closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Math.min(2, Math.max(1, g.length() / 3)) + 1;
    for (String candidate : known) {
      int d = distance(g, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
