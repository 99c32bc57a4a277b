package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Parses a mapping of knob paths to values: the {@code knobs:} section and {@code set} steps. */
public final class Knobs {

  private Knobs() {}

  /**
   * Reads the writes in file order; null (reported) when the node is not a mapping.
   *
   * @param owner whose knobs these are in messages, e.g. {@code " for set"}
   */
  public static List<KnobWrite> read(Diagnostics diag, Node node, String owner) {
    MappingNode mapping =
        Values.mapping(
            diag,
            node,
            "a mapping of knob paths to values, e.g. {/sys/kernel/mm/transparent_hugepage/enabled:"
                + " always}");
    if (mapping == null) {
      return null;
    }
    List<KnobWrite> writes = new ArrayList<>();
    for (NodeTuple entry : mapping.getValue()) {
      String path = Values.text(diag, entry.getKeyNode(), "knob", owner);
      if (path != null && !path.startsWith("/")) {
        diag.report(
            entry.getKeyNode(),
            "bad knob path '" + path + "'" + owner + ": a knob path starts with '/'");
        path = null;
      }
      String value = Values.text(diag, entry.getValueNode(), path == null ? "value" : path, owner);
      if (path != null && value != null) {
        writes.add(new KnobWrite(diag.at(entry.getKeyNode()), path, value));
      }
    }
    return writes;
  }
}
