package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code pin.<name>.<offset>}: the value a read through a pin sees at an offset of its range — the
 * content of the page the pin holds, whatever the process maps there now (cow.c's "R/O pin sees
 * modifications" check). The offset is a size, as in {@code pin.buf.4K}.
 */
final class PinMetric extends MetricFamily {

  PinMetric() {
    super("pin", "pin.<name>.<offset>, e.g. pin.buf.0");
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
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    return names.pin(node, rest.substring(0, rest.indexOf('.')));
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    int split = rest.indexOf('.');
    long offset = Sizes.parse(rest.substring(split + 1));
    return (long) ctx.kernel().mm().pinContent(rest.substring(0, split), offset);
  }
}
