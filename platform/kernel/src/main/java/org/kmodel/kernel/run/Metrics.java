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
      case "smaps" -> {
        String[] parts = rest.split("\\.");
        if (parts.length != 3) {
          throw new BadInputException(where, "smaps metrics are smaps.<pid>.<region>.<Field>");
        }
        if (kernel.processes().exited(parts[0])) {
          return 0L;
        }
        long[] r = region(parts[0], parts[1], where);
        Long v = kernel.mm().views().smaps(parts[0], r[0], r[1]).get(parts[2]);
        if (v == null) {
          throw new BadInputException(
              where, "smaps has no field '" + parts[2] + "' (it has: Rss, AnonHugePages, Swap)");
        }
        return v;
      }
      case "huge" -> {
        String[] parts = rest.split("\\.");
        if (parts.length != 2) {
          throw new BadInputException(where, "huge metrics are huge.<pid>.<region>");
        }
        if (kernel.processes().exited(parts[0])) {
          return false;
        }
        long[] r = region(parts[0], parts[1], where);
        return kernel.mm().views().huge(parts[0], r[0], r[1]);
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

  /**
   * The range of a live process's region. A process that has exited or was killed reads as empty
   * (the callers check that first); one that never lived is bad input.
   */
  private long[] region(String pid, String name, Location where) {
    org.kmodel.kernel.mm.Process p = kernel.processes().get(pid);
    if (p == null) {
      throw new BadInputException(where, "no process " + pid + " ever ran");
    }
    org.kmodel.kernel.mm.Process.Region r = p.region(name);
    if (r == null) {
      throw new BadInputException(where, pid + " has no region " + name);
    }
    return new long[] {r.start(), r.end()};
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
