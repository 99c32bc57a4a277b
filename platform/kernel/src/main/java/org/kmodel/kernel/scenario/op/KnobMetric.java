package org.kmodel.kernel.scenario.op;

import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.value.MetricUnit;

/** {@code knob.<path>}: a knob's value, as reading its file shows it. */
final class KnobMetric extends MetricFamily {

  KnobMetric() {
    super("knob", "knob.<path>, e.g. knob./sys/kernel/mm/transparent_hugepage/enabled");
  }

  @Override
  boolean wellFormed(String rest) {
    return rest.startsWith("/") && rest.length() > 1;
  }

  @Override
  MetricUnit unit(String rest) {
    return MetricUnit.TEXT;
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Knob k = kernel.knobTree().find(rest);
    if (k == null) {
      throw new BadInputException(where, KnobWriter.unknown(kernel, rest));
    }
    return k.value();
  }
}
