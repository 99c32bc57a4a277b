package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code data.<file>.<offset>}: the value the sector at an offset of a file holds, as a write left
 * it. The offset is a size, which may itself hold a dot, as in {@code data.f.1.5M}.
 */
final class DataMetric extends MetricFamily {

  private static final long PAGE = 4096;

  DataMetric() {
    super("data", "data.<file>.<offset> with offset a multiple of 4K, e.g. data.f.8K");
  }

  @Override
  boolean wellFormed(String rest) {
    int dot = rest.indexOf('.');
    if (dot < 0 || !Values.isName(rest.substring(0, dot))) {
      return false;
    }
    try {
      return Sizes.parse(rest.substring(dot + 1)) % PAGE == 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    names.file(node, rest.substring(0, rest.indexOf('.')));
    return true;
  }

  @Override
  Object resolve(String metric, String rest, Kernel kernel, Location where) {
    int split = rest.indexOf('.');
    String file = rest.substring(0, split);
    long offset = Sizes.parse(rest.substring(split + 1));
    if (kernel.fs().fs() == null) {
      throw new BadInputException(
          where, "no filesystem has been made (mkfs) when " + metric + " is read");
    }
    return kernel.fs().fs().valueAt(file, offset);
  }
}
