package org.kmodel.kernel.scenario.op;

import java.util.Set;
import java.util.regex.Pattern;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.kmodel.kernel.scenario.value.MetricUnit;

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
  String missingAtBoot(String rest, Kernel kernel) {
    return kernel.meminfo().containsKey(rest) ? null : missing(rest, kernel);
  }

  @Override
  MetricUnit unit(String rest) {
    // Linux prints every field in kB but the HugePages_ counts
    return rest.startsWith("HugePages_") ? MetricUnit.COUNT : MetricUnit.KB;
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Long v = kernel.meminfo().get(rest);
    if (v == null) {
      throw new BadInputException(where, missing(rest, kernel));
    }
    return v;
  }

  private static String missing(String rest, Kernel kernel) {
    Set<String> fields = kernel.meminfo().keySet();
    String close = Suggestions.closest(rest, fields);
    return "/proc/meminfo has no field '"
        + rest
        + "'"
        + (close == null
            ? " (it has: " + Suggestions.list(fields) + ")"
            : "; did you mean '" + close + "'?");
  }
}
