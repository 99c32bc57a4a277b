package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A metric about one region of one process, {@code <prefix>.<pid>.<region>[.<more>...]}: the shape
 * and name checks every such family shares, and the value a region of an exited process reads.
 */
abstract class RegionMetric extends MetricFamily {
  private final int parts;
  private final Object whenExited;

  /**
   * @param parts dot-separated parts after the prefix, pid and region included
   * @param whenExited the value once the process has exited
   */
  RegionMetric(String prefix, String shape, int parts, Object whenExited) {
    super(prefix, shape);
    this.parts = parts;
    this.whenExited = whenExited;
  }

  @Override
  final boolean wellFormed(String rest) {
    String[] p = rest.split("\\.", -1);
    return p.length == parts && allNames(p);
  }

  @Override
  final boolean checkNames(
      String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    String[] p = rest.split("\\.");
    names.region(node, p[0], node, p[1]);
    return true;
  }

  @Override
  final boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    int first = rest.indexOf('.');
    int second = rest.indexOf('.', first + 1);
    String pid = rest.substring(0, first);
    if (ctx.kernel().processes().exited(pid)) {
      return true;
    }
    org.kmodel.kernel.mm.Process p = ctx.kernel().processes().get(pid);
    return p != null
        && p.region(rest.substring(first + 1, second < 0 ? rest.length() : second)) != null;
  }

  @Override
  final Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    String[] p = rest.split("\\.");
    if (p.length != parts) {
      throw new BadInputException(where, prefix() + " metrics are " + shape());
    }
    if (kernel.processes().exited(p[0])) {
      return whenExited;
    }
    long[] r = region(kernel, p[0], p[1], where);
    return resolveRegion(kernel, p, r[0], r[1], where);
  }

  /** The value over [start, end) of the region the parts name. */
  abstract Object resolveRegion(
      Kernel kernel, String[] parts, long start, long end, Location where);
}
