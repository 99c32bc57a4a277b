package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;

/** {@code vmstat.<counter>}: a counter of {@code /proc/vmstat}. */
final class VmstatMetric extends MetricFamily {

  VmstatMetric() {
    super("vmstat", "vmstat.<counter>, e.g. vmstat.thp_fault_alloc");
  }

  @Override
  boolean wellFormed(String rest) {
    return WORD.matcher(rest).matches();
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Long v = kernel.counters().value(rest);
    if (v == null) {
      throw new BadInputException(
          where,
          "/proc/vmstat has no '"
              + rest
              + "' in this kernel (it has: "
              + String.join(", ", kernel.counters().names())
              + ")");
    }
    return v;
  }
}
