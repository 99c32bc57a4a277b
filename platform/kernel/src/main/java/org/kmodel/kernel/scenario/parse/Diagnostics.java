package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.ArgumentSites;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.value.InputText;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found in one scenario file so far, and where its arguments are written. Parsing
 * carries on after a problem so that the user sees all of them at once; the parser throws only at
 * the end.
 */
public final class Diagnostics {

  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<Location, Map<String, Location>> sites = new HashMap<>();

  public Diagnostics(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  /** Where a node starts, 1-based. */
  public Location at(Node node) {
    return at(node.getStartMark());
  }

  /** A SnakeYAML mark (0-based) as a location (1-based). */
  public Location at(Mark mark) {
    return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  public void report(Node node, String message) {
    report(at(node), message);
  }

  /**
   * Records a problem. Its message may quote input, so every control character in it is escaped
   * here, the one place all of a file's problems pass, rather than at each quote.
   */
  public void report(Location where, String message) {
    problems.add(new Problem(where, InputText.escape(message)));
  }

  /**
   * Records where the value of argument {@code name} of the step or section written at {@code
   * owner} is, for checks made once the machine is known.
   */
  void site(Location owner, String name, Location value) {
    sites.computeIfAbsent(owner, o -> new HashMap<>()).putIfAbsent(name, value);
  }

  /** Where every argument read so far is written. */
  ArgumentSites sites() {
    return new ArgumentSites(sites);
  }

  public int count() {
    return problems.size();
  }

  /**
   * The problems by position; two at the same position keep the order they were found in. An
   * aliased node is walked once per alias, so identical problems are reported once.
   */
  public List<Problem> sorted() {
    return problems.stream().distinct().sorted(Comparator.comparing(Problem::where)).toList();
  }
}
