package org.kmodel.kernel.scenario.parse;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds duplicate keys and self-containing aliases in a composed document. SnakeYAML checks
 * duplicates only when it constructs Java objects, which the parser does not do, and a later
 * duplicate silently winning is exactly the misconfiguration a scenario must not hide.
 */
final class DuplicateKeys {

  private final Diagnostics diag;
  private final Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  private DuplicateKeys(Diagnostics diag) {
    this.diag = diag;
  }

  static void check(Diagnostics diag, Node root) {
    new DuplicateKeys(diag).walk(root);
  }

  private void walk(Node node) {
    if (open.contains(node)) {
      diag.report(node, "recursive alias: a node cannot contain itself");
      return;
    }
    if (!done.add(node)) {
      return;
    }
    open.add(node);
    if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(this::walk);
    } else if (node instanceof MappingNode mapping) {
      Map<String, Node> seen = new HashMap<>();
      for (NodeTuple entry : mapping.getValue()) {
        if (entry.getKeyNode() instanceof ScalarNode key) {
          Node first = seen.putIfAbsent(key.getValue(), key);
          if (first != null) {
            diag.report(
                key,
                "duplicate key '"
                    + key.getValue()
                    + "' (first on line "
                    + diag.at(first).line()
                    + ")");
          }
        }
        walk(entry.getKeyNode());
        walk(entry.getValueNode());
      }
    }
    open.remove(node);
  }
}
