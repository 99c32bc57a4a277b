package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code smaps.<pid>.<region>.<Field>}: a field of {@code /proc/<pid>/smaps} over a region, in kB;
 * 0 once the process has exited.
 */
final class SmapsMetric extends MetricFamily {

  SmapsMetric() {
    super("smaps", "smaps.<pid>.<region>.<Field>, e.g. smaps.p1.area.AnonHugePages");
  }

  @Override
  boolean wellFormed(String rest) {
    String[] parts = rest.split("\\.", -1);
    return parts.length == 3 && allNames(parts);
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
    if (parts.length != 3) {
      throw new BadInputException(where, "smaps metrics are smaps.<pid>.<region>.<Field>");
    }
    if (kernel.processes().exited(parts[0])) {
      return 0L;
    }
    long[] r = region(kernel, parts[0], parts[1], where);
    Long v = kernel.mm().views().smaps(parts[0], r[0], r[1]).get(parts[2]);
    if (v == null) {
      throw new BadInputException(
          where, "smaps has no field '" + parts[2] + "' (it has: Rss, AnonHugePages, Swap)");
    }
    return v;
  }
}
