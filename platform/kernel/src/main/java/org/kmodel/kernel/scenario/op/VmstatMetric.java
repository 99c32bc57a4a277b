package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Suggestions;

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
  String missingAtBoot(String rest, Kernel kernel) {
    return kernel.counters().value(rest) == null ? missing(rest, kernel) : null;
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Long v = kernel.counters().value(rest);
    if (v == null) {
      throw new BadInputException(where, missing(rest, kernel));
    }
    return v;
  }

  private static String missing(String rest, Kernel kernel) {
    String close = Suggestions.closest(rest, kernel.counters().names());
    // the count, not the list: every counter made a line of over 500 characters
    return close == null
        ? "/proc/vmstat has no '"
            + rest
            + "'; --show /proc/vmstat lists its "
            + kernel.counters().names().size()
        : "/proc/vmstat has no '" + rest + "' in this kernel; did you mean '" + close + "'?";
  }
}
