package org.kmodel.kernel.scenario.parse;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.model.Scenario;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads scenario files (see {@code docs/SCENARIOS.md}).
 *
 * <p>The parser works on SnakeYAML's node tree rather than on constructed Java maps because only
 * nodes know where they are written: every problem names {@code file:line:column}. It collects
 * every problem in the file — syntax, unknown keys and ops, bad values, names used before they are
 * defined — and reports them all at once, in file order. Anchors and aliases are allowed but
 * limited, so that a "billion laughs" document is refused instead of expanded.
 *
 * <p>The parser knows the file's structure; what each op of {@code steps:} takes is the business of
 * the op syntaxes it is given (the kernel's are {@code scenario.op.Operations.ALL}).
 *
 * <p>Instances hold no state between calls and may be shared between threads.
 */
public final class ScenarioParser {

  /** More aliases than a hand-written scenario needs, far fewer than an alias bomb needs. */
  private static final int MAX_ALIASES = 20;

  /** The largest scenario read: far beyond any hand-written one, far below what parses slowly. */
  static final int MAX_BYTES = 1 << 20;

  private final List<? extends OpSyntax> ops;

  /**
   * @param ops the ops steps may use, in the order messages list them
   */
  public ScenarioParser(List<? extends OpSyntax> ops) {
    this.ops = List.copyOf(ops);
  }

  /**
   * Reads a scenario file. Problems name the file as given here; a relative {@code buddyinfo} path
   * is resolved against the file's directory.
   *
   * @throws ScenarioException when the file is not a valid scenario, or cannot be read as UTF-8
   *     text (a problem at line 1, column 1: to the user it is bad input all the same)
   */
  public Scenario parse(Path file) throws ScenarioException {
    String text;
    try {
      long bytes = Files.size(file);
      if (bytes > MAX_BYTES) {
        throw unreadable(file, tooLarge(bytes));
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (CharacterCodingException e) {
      throw unreadable(file, "not UTF-8 text");
    } catch (IOException e) {
      throw unreadable(file, e.toString());
    }
    return parse(file.toString(), text);
  }

  private static String tooLarge(long size) {
    return "it is "
        + size
        + " bytes, over the limit of "
        + MAX_BYTES
        + " (a scenario names its data files, as buddyinfo: does, rather than holding them)";
  }

  private static ScenarioException unreadable(Path file, String why) {
    Location where = new Location(file.toString(), 1, 1);
    return new ScenarioException(List.of(new Problem(where, "cannot read the scenario: " + why)));
  }

  /**
   * Reads a scenario from text.
   *
   * @param fileName the name problems give the text, and the base of a relative {@code buddyinfo}
   *     path
   * @throws ScenarioException when the text is not a valid scenario
   */
  public Scenario parse(String fileName, String text) throws ScenarioException {
    if (text.length() > MAX_BYTES) {
      Location where = new Location(fileName, 1, 1);
      throw new ScenarioException(
          List.of(new Problem(where, "cannot read the scenario: " + tooLarge(text.length()))));
    }
    Diagnostics diag = new Diagnostics(fileName);
    Node root = compose(diag, text);
    Scenario scenario = null;
    if (root != null) {
      DuplicateKeys.check(diag, root);
      scenario = new ScenarioReader(diag, ops).read(root);
    }
    if (diag.count() > 0) {
      throw new ScenarioException(diag.sorted());
    }
    return scenario;
  }

  /** The document's root node; null (reported) for a YAML error or an empty document. */
  private static Node compose(Diagnostics diag, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Location where = e.getProblemMark() == null ? start(diag) : diag.at(e.getProblemMark());
      diag.report(where, syntaxMessage(e));
      return null;
    } catch (ReaderException e) {
      diag.report(
          location(diag, text, e.getPosition()),
          String.format("YAML error: %s (character U+%04X)", e.getMessage(), e.getCodePoint()));
      return null;
    } catch (YAMLException e) {
      diag.report(start(diag), "YAML error: " + e.getMessage());
      return null;
    }
    if (root == null) {
      diag.report(start(diag), "empty scenario: expected at least name and steps");
    }
    return root;
  }

  private static String syntaxMessage(MarkedYAMLException e) {
    String message = "YAML syntax error: " + e.getProblem();
    if (e.getContext() != null && e.getContextMark() != null) {
      message += " (" + e.getContext() + " on line " + (e.getContextMark().getLine() + 1) + ")";
    } else if (e.getContext() != null) {
      message += " (" + e.getContext() + ")";
    }
    return message;
  }

  /** Where problems go that SnakeYAML does not place, such as too many aliases. */
  private static Location start(Diagnostics diag) {
    return new Location(diag.file(), 1, 1);
  }

  /** The location of a code point, given its index in the text. */
  private static Location location(Diagnostics diag, String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int[] codePoints = text.codePoints().limit(codePointIndex).toArray();
    for (int c : codePoints) {
      line += c == '\n' ? 1 : 0;
      column = c == '\n' ? 1 : column + 1;
    }
    return new Location(diag.file(), line, column);
  }
}
