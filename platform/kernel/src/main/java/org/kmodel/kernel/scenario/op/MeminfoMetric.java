package org.kmodel.kernel.scenario.op;

import java.util.regex.Pattern;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;

/** {@code meminfo.<Field>}: a field of {@code /proc/meminfo}, in kB. */
final class MeminfoMetric extends MetricFamily {

  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_()]+");

  MeminfoMetric() {
    super("meminfo", "meminfo.<Field>, e.g. meminfo.AnonHugePages");
  }

  @Override
  boolean wellFormed(String rest) {
    return FIELD.matcher(rest).matches();
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Long v = kernel.meminfo().get(rest);
    if (v == null) {
      throw new BadInputException(
          where,
          "/proc/meminfo has no field '"
              + rest
              + "' (it has: "
              + String.join(", ", kernel.meminfo().keySet())
              + ")");
    }
    return v;
  }
}
