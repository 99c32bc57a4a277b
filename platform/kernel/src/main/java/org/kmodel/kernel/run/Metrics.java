package org.kmodel.kernel.run;

import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.Location;

/**
 * Resolves the metric names of SCENARIOS.md against a kernel, and the files {@code --show} prints.
 */
final class Metrics {
  private final Kernel kernel;

  Metrics(Kernel kernel) {
    this.kernel = kernel;
  }

  /** The metric's current value (a Long or a String). */
  Object resolve(String metric, Location where) {
    int dot = metric.indexOf('.');
    String family = dot < 0 ? metric : metric.substring(0, dot);
    String rest = dot < 0 ? "" : metric.substring(dot + 1);
    switch (family) {
      case "vmstat" -> {
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
      case "meminfo" -> {
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
      case "knob" -> {
        Knob k = kernel.knobTree().find(rest);
        if (k == null) {
          throw new BadInputException(where, unknownKnob(kernel, rest));
        }
        return k.value();
      }
      default ->
          throw new BadInputException(
              where, "metric family '" + family + "' is not provided by this kernel");
    }
  }

  /** The content of a file as {@code cat} prints it, or {@code null} when there is no such file. */
  String cat(String path) {
    return switch (path) {
      case "/proc/vmstat" -> kernel.counters().procVmstat();
      case "/proc/meminfo" -> kernel.procMeminfo();
      case "/proc/buddyinfo" -> kernel.procBuddyinfo();
      default -> {
        Knob k = kernel.knobTree().find(path);
        yield k == null ? null : k.read() + "\n";
      }
    };
  }

  static String unknownKnob(Kernel kernel, String path) {
    StringBuilder sb = new StringBuilder("no knob ").append(path);
    var near = kernel.knobTree().nearest(path, 8);
    if (!near.isEmpty()) {
      sb.append(" (nearby: ").append(String.join(", ", near)).append(')');
    }
    return sb.toString();
  }
}
