package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code huge.<pid>.<region>}: whether huge pages map the whole region; false once the process has
 * exited.
 */
final class HugeMetric extends MetricFamily {

  HugeMetric() {
    super("huge", "huge.<pid>.<region>, e.g. huge.p1.area");
  }

  @Override
  boolean wellFormed(String rest) {
    String[] parts = rest.split("\\.", -1);
    return parts.length == 2 && allNames(parts);
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    String[] parts = rest.split("\\.");
    names.region(node, parts[0], node, parts[1]);
    return true;
  }

  @Override
  Object resolve(String metric, String rest, Kernel kernel, Location where) {
    String[] parts = rest.split("\\.");
    if (parts.length != 2) {
      throw new BadInputException(where, "huge metrics are huge.<pid>.<region>");
    }
    if (kernel.processes().exited(parts[0])) {
      return false;
    }
    long[] r = region(kernel, parts[0], parts[1], where);
    return kernel.mm().views().huge(parts[0], r[0], r[1]);
  }
}
