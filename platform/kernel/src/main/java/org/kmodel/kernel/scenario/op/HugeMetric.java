package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.value.MetricUnit;

/**
 * {@code huge.<pid>.<region>}: whether huge pages map the whole region; false once the process has
 * exited.
 */
final class HugeMetric extends RegionMetric {

  HugeMetric() {
    super("huge", "huge.<pid>.<region>, e.g. huge.p1.area", 2, false);
  }

  @Override
  MetricUnit unit(String rest) {
    return MetricUnit.FLAG;
  }

  @Override
  Object resolveRegion(Kernel kernel, String[] parts, long start, long end, Location where) {
    return kernel.mm().views().huge(parts[0], start, end);
  }
}
