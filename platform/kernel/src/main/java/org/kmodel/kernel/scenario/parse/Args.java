package org.kmodel.kernel.scenario.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.value.InputText;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The named values of one op or section, checked against its signature: unknown names and missing
 * required ones are reported as soon as the mapping is read; typed getters report bad values and
 * return null for them and for absent ones.
 *
 * <p>A signature lists the names in the order messages show them, optional ones ending in {@code
 * ?}: {@code [pid, as, size, align?, prot?]}.
 */
public final class Args {

  private final Diagnostics diag;
  private final String owner;
  private final Map<String, NodeTuple> given = new LinkedHashMap<>();

  private Args(Diagnostics diag, String owner) {
    this.diag = diag;
    this.owner = owner;
  }

  /**
   * Reads the arguments of an op.
   *
   * @param opNode the op's key, where missing arguments are reported
   * @param value the op's value: a mapping, or for an op with a {@code shorthand} argument a single
   *     value that stands for it ({@code spawn: p1} is {@code spawn: {pid: p1}})
   */
  static Args ofOp(
      Diagnostics diag, Node opNode, Node value, String shorthand, List<String> signature) {
    String op = ((ScalarNode) opNode).getValue();
    return read(diag, opNode, value, "argument", " for " + op, shorthand, signature);
  }

  /**
   * Reads a mapping of named values.
   *
   * @param at where missing names are reported
   * @param kind what the names are called in messages: "key", "slot", "top-level key"
   * @param owner whose names they are, e.g. {@code " in machine"}, or empty
   */
  static Args read(
      Diagnostics diag,
      Node at,
      Node value,
      String kind,
      String owner,
      String shorthand,
      List<String> signature) {
    Args args = new Args(diag, owner);
    List<String> names = signature.stream().map(s -> s.replace("?", "")).toList();
    if (shorthand != null && value instanceof ScalarNode && !Values.isNull(value)) {
      args.given.put(shorthand, new NodeTuple(at, value));
    } else if (value instanceof MappingNode mapping) {
      args.readMapping(mapping, kind, names);
    } else if (!Values.isNull(value)) {
      String form = shorthand == null ? "" : "a value or ";
      diag.report(
          value,
          "expected "
              + form
              + "{"
              + String.join(", ", signature)
              + "}"
              + owner
              + ", not "
              + Values.describe(value));
      return args;
    }
    for (String name : signature) {
      if (!name.endsWith("?") && !args.given.containsKey(name)) {
        diag.report(at, "missing " + kind + " '" + name + "'" + owner);
      }
    }
    Location where = diag.at(at);
    args.given.forEach((name, entry) -> diag.site(where, name, diag.at(entry.getValueNode())));
    return args;
  }

  private void readMapping(MappingNode mapping, String kind, List<String> names) {
    for (NodeTuple entry : mapping.getValue()) {
      Node key = entry.getKeyNode();
      if (!(key instanceof ScalarNode scalar) || Values.isNull(key)) {
        diag.report(key, "expected a name as " + kind + owner + ", not " + Values.describe(key));
      } else if (!names.contains(scalar.getValue())) {
        String name = scalar.getValue();
        diag.report(
            key,
            "unknown "
                + kind
                + " '"
                + InputText.quote(name)
                + "'"
                + owner
                + " "
                + Suggestions.known(name, names));
      } else {
        given.putIfAbsent(scalar.getValue(), entry);
      }
    }
  }

  /** The names given, in file order. */
  public Set<String> names() {
    return given.keySet();
  }

  public boolean has(String name) {
    return given.containsKey(name);
  }

  /** The value's node, or null when absent. */
  public Node node(String name) {
    NodeTuple entry = given.get(name);
    return entry == null ? null : entry.getValueNode();
  }

  /** The node of the name itself (the op's, for a shorthand), or null when absent. */
  public Node keyNode(String name) {
    NodeTuple entry = given.get(name);
    return entry == null ? null : entry.getKeyNode();
  }

  /** The value's text exactly as written; only for a value already read successfully. */
  public String written(String name) {
    return ((ScalarNode) node(name)).getValue();
  }

  public void report(String name, String message) {
    diag.report(node(name), message);
  }

  public String text(String name) {
    return has(name) ? Values.text(diag, node(name), name, owner) : null;
  }

  public String name(String name) {
    return has(name) ? Values.name(diag, node(name), name, owner) : null;
  }

  public Long size(String name) {
    return has(name) ? Values.size(diag, node(name), name, owner) : null;
  }

  public Long duration(String name) {
    return has(name) ? Values.duration(diag, node(name), name, owner) : null;
  }

  public Long integer(String name) {
    return has(name) ? Values.integer(diag, node(name), name, owner) : null;
  }

  public Boolean bool(String name) {
    return has(name) ? Values.bool(diag, node(name), name, owner) : null;
  }

  /** A size above 0; null (reported) when it is 0. */
  public Long positiveSize(String name) {
    Long bytes = size(name);
    if (bytes != null && bytes == 0) {
      report(name, "'" + name + "'" + owner + " must be positive, not " + written(name));
      return null;
    }
    return bytes;
  }

  public <E extends Enum<E>> E choice(String name, Class<E> type) {
    return has(name) ? Values.choice(diag, node(name), name, owner, type) : null;
  }

  /** Whose values these are, as messages say it: {@code " for mmap"}. */
  public String owner() {
    return owner;
  }
}
