package org.kmodel.kernel.scenario.parse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.kmodel.kernel.scenario.value.Durations;
import org.kmodel.kernel.scenario.value.InputText;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed readings of YAML values. Each reader reports what is wrong with the value and returns null,
 * so that parsing carries on. {@code key} is the value's name and {@code owner} says whose it is,
 * e.g. {@code " for mmap"} (or nothing at the top level), so that messages read "bad count 'x' for
 * touch: ...".
 */
public final class Values {

  /** Process and region names: they appear inside dotted metric names, so no dots. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

  private Values() {}

  /** How a node reads in a message: "a mapping", "an empty list", "nothing", "'2Q'"... */
  public static String describe(Node node) {
    if (node instanceof MappingNode mapping) {
      return mapping.getValue().isEmpty() ? "an empty mapping" : "a mapping";
    }
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue().isEmpty() ? "an empty list" : "a list";
    }
    return isNull(node) ? "nothing" : "'" + InputText.quote(((ScalarNode) node).getValue()) + "'";
  }

  /** Whether a node is an empty value or a YAML null ({@code ~}, {@code null}). */
  public static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /**
   * The text of a scalar, as written. A control character (see {@link InputText#isControl}) is
   * refused: no name, value or path needs one, and each would reach the terminal in the reports and
   * events that show the value.
   */
  public static String text(Diagnostics diag, Node node, String key, String owner) {
    if (!(node instanceof ScalarNode scalar)) {
      diag.report(node, "'" + key + "'" + owner + " must be a single value, not " + describe(node));
      return null;
    }
    if (isNull(node)) {
      diag.report(node, "'" + key + "'" + owner + " has no value");
      return null;
    }
    String text = scalar.getValue();
    int control = InputText.firstControl(text);
    if (control >= 0) {
      diag.report(
          node,
          String.format(
              "'%s'%s holds the control character U+%04X: '%s'",
              key, owner, (int) text.charAt(control), InputText.quote(text)));
      return null;
    }
    return text;
  }

  /** How a message says what a name may be, for {@code text} that is not one. */
  public static String nameRule(String text) {
    return text.length() > NAME_LIMIT
        ? "use at most " + NAME_LIMIT + " letters, digits, '_' and '-'"
        : "use letters, digits, '_' and '-'";
  }

  /** Whether text is fit for a process or region name, {@link #NAME_LIMIT} long at most. */
  public static boolean isName(String text) {
    return text.length() <= NAME_LIMIT && NAME.matcher(text).matches();
  }

  /**
   * The longest process, region, file, task or phase name: messages quote names whole, and no
   * message may quote more than 80 characters of input.
   */
  public static final int NAME_LIMIT = 64;

  /** A process, region or phase name: letters, digits, '_' and '-', at most {@link #NAME_LIMIT}. */
  public static String name(Diagnostics diag, Node node, String key, String owner) {
    String text = text(diag, node, key, owner);
    if (text != null && !NAME.matcher(text).matches()) {
      diag.report(
          node,
          "bad name '"
              + InputText.quote(text)
              + "' in '"
              + key
              + "'"
              + owner
              + ": use letters, digits, '_' and '-'");
      return null;
    }
    if (text != null && text.length() > NAME_LIMIT) {
      diag.report(
          node,
          "name '"
              + InputText.quote(text)
              + "' in '"
              + key
              + "'"
              + owner
              + " is "
              + text.length()
              + " characters long: at most "
              + NAME_LIMIT);
      return null;
    }
    return text;
  }

  /** A size in bytes; see {@link Sizes}. */
  public static Long size(Diagnostics diag, Node node, String key, String owner) {
    return parsed(diag, node, key, owner, Sizes::parse);
  }

  /** A duration in nanoseconds; see {@link Durations}. */
  public static Long duration(Diagnostics diag, Node node, String key, String owner) {
    return parsed(diag, node, key, owner, Durations::parse);
  }

  /** The scalar's text through {@code parser}; its IllegalArgumentException becomes a problem. */
  private static Long parsed(
      Diagnostics diag,
      Node node,
      String key,
      String owner,
      java.util.function.ToLongFunction<String> parser) {
    String text = text(diag, node, key, owner);
    try {
      return text == null ? null : parser.applyAsLong(text);
    } catch (IllegalArgumentException e) {
      diag.report(node, e.getMessage());
      return null;
    }
  }

  /** A whole number, decimal or {@code 0x} hexadecimal (taken as 64 unsigned bits). */
  public static Long integer(Diagnostics diag, Node node, String key, String owner) {
    String text = text(diag, node, key, owner);
    if (text == null) {
      return null;
    }
    try {
      if (DECIMAL.matcher(text).matches()) {
        return Long.parseLong(text);
      }
      if (HEX.matcher(text).matches()) {
        return Long.parseUnsignedLong(text.substring(2), 16);
      }
    } catch (NumberFormatException e) {
      diag.report(
          node,
          "bad " + key + " '" + InputText.quote(text) + "'" + owner + ": too large for 64 bits");
      return null;
    }
    diag.report(
        node,
        "bad " + key + " '" + InputText.quote(text) + "'" + owner + ": expected a whole number");
    return null;
  }

  /** {@code true} or {@code false}, in any case. */
  public static Boolean bool(Diagnostics diag, Node node, String key, String owner) {
    String text = text(diag, node, key, owner);
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return Boolean.valueOf(lower);
    }
    diag.report(
        node,
        "bad " + key + " '" + InputText.quote(text) + "'" + owner + ": expected true or false");
    return null;
  }

  /** One of an enum's constants, written in lower case (any case is accepted). */
  public static <E extends Enum<E>> E choice(
      Diagnostics diag, Node node, String key, String owner, Class<E> type) {
    String text = text(diag, node, key, owner);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    diag.report(
        node,
        "unknown "
            + key
            + " '"
            + InputText.quote(text)
            + "'"
            + owner
            + " "
            + Suggestions.known(text, words(type.getEnumConstants())));
    return null;
  }

  /** An enum's constants as scenario files write them. */
  public static List<String> words(Enum<?>[] constants) {
    return Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
  }

  /** The mapping a node must be, or null (reported) when it is something else. */
  public static MappingNode mapping(Diagnostics diag, Node node, String expected) {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    diag.report(node, "expected " + expected + ", not " + describe(node));
    return null;
  }
}
