package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.value.MetricUnit;

/**
 * {@code smaps.<pid>.<region>.<Field>}: a field of {@code /proc/<pid>/smaps} over a region, in kB;
 * 0 once the process has exited.
 */
final class SmapsMetric extends RegionMetric {

  SmapsMetric() {
    super("smaps", "smaps.<pid>.<region>.<Field>, e.g. smaps.p1.area.AnonHugePages", 3, 0L);
  }

  @Override
  MetricUnit unit(String rest) {
    return MetricUnit.KB;
  }

  @Override
  Object resolveRegion(Kernel kernel, String[] parts, long start, long end, Location where) {
    Long v = kernel.mm().views().smaps(parts[0], start, end).get(parts[2]);
    if (v == null) {
      throw new BadInputException(
          where, "smaps has no field '" + parts[2] + "' (it has: Rss, AnonHugePages, Swap)");
    }
    return v;
  }
}
