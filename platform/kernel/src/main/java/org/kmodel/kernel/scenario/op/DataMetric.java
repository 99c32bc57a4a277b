package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Expectation;
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

  DataMetric() {
    super("data", "data.<file>.<offset>, e.g. data.f.8K");
  }

  @Override
  boolean wellFormed(String rest) {
    int dot = rest.indexOf('.');
    if (dot < 0 || !Values.isName(rest.substring(0, dot))) {
      return false;
    }
    try {
      Sizes.parse(rest.substring(dot + 1));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  void validate(Expectation x, String rest, SizeChecks checks) {
    String offset = rest.substring(rest.indexOf('.') + 1);
    checks.sectors(x.where(), "offset " + offset + " of " + x.metric(), Sizes.parse(offset));
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    names.file(node, rest.substring(0, rest.indexOf('.')));
    return true;
  }

  @Override
  boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    return ctx.kernel().fs().fs() != null && created.contains(rest.substring(0, rest.indexOf('.')));
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
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
