package org.kmodel.kernel.run;

import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;

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
      case "fs" -> {
        Long v = kernel.fs().stats().get(rest);
        if (v == null) {
          throw new BadInputException(
              where,
              kernel.fs().fs() == null
                  ? "no filesystem has been made (mkfs) when " + metric + " is read"
                  : "the filesystem has no stat '"
                      + rest
                      + "' (it has: "
                      + String.join(", ", kernel.fs().stats().keySet())
                      + ")");
        }
        return v;
      }
      case "bg" -> {
        return blockGroup(rest, where);
      }
      case "data" -> {
        int split = rest.indexOf('.');
        String file = rest.substring(0, split);
        long offset = org.kmodel.kernel.scenario.value.Sizes.parse(rest.substring(split + 1));
        if (kernel.fs().fs() == null) {
          throw new BadInputException(
              where, "no filesystem has been made (mkfs) when " + metric + " is read");
        }
        return kernel.fs().fs().valueAt(file, offset);
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

  /** {@code bg.<number>.<field>}: a block group by its stable number (see FsSupport#group). */
  private Object blockGroup(String rest, Location where) {
    String[] parts = rest.split("\\.");
    if (parts.length != 2) {
      throw new BadInputException(where, "block-group metrics are bg.<number>.<field>");
    }
    int number = Integer.parseInt(parts[0]);
    org.kmodel.api.fs.BlockGroupInfo g = kernel.fs().group(number);
    boolean removed = g == null && number < kernel.fs().groupsNumbered();
    if (g == null && !removed) {
      throw new BadInputException(
          where,
          "no block group "
              + number
              + " (groups 0.."
              + (kernel.fs().groupsNumbered() - 1)
              + " exist or existed)");
    }
    return switch (parts[1]) {
      case "removed" -> removed;
      case "used" -> removed ? 0L : g.used();
      case "reserved" -> removed ? 0L : g.reserved();
      case "ro" -> removed ? 0L : (long) g.readOnly();
      case "reservations" -> removed ? 0L : (long) g.reservations();
      case "nocow_writers" -> removed ? 0L : (long) g.nocowWriters();
      case "length" -> removed ? 0L : g.length();
      case "start" -> removed ? 0L : g.start();
      case "type" -> removed ? "removed" : g.type().name().toLowerCase(java.util.Locale.ROOT);
      default ->
          throw new BadInputException(
              where,
              "block groups have no field '"
                  + parts[1]
                  + "' (used, reserved, ro, reservations, nocow_writers, length, start, type,"
                  + " removed)");
    };
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
        if (path.startsWith("/proc/") && path.endsWith("/smaps")) {
          yield smapsFile(path.substring("/proc/".length(), path.length() - "/smaps".length()));
        }
        Knob k = kernel.knobTree().find(path);
        yield k == null ? null : k.read() + "\n";
      }
    };
  }

  /** {@code /proc/<pid>/smaps} with the fields this model tracks, one block per VMA. */
  private String smapsFile(String pid) {
    org.kmodel.kernel.mm.Process p = kernel.processes().get(pid);
    if (p == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (org.kmodel.kernel.mm.Vma v : p.mm().vmas()) {
      long f = v.flags();
      sb.append(
          String.format(
              "%08x-%08x %s%s%sp %08x 00:00 0%n",
              v.start(),
              v.end(),
              (f & org.kmodel.api.mm.VmFlags.READ) != 0 ? "r" : "-",
              (f & org.kmodel.api.mm.VmFlags.WRITE) != 0 ? "w" : "-",
              (f & org.kmodel.api.mm.VmFlags.EXEC) != 0 ? "x" : "-",
              0));
      sb.append(String.format("%-16s%8d kB%n", "Size:", v.length() / 1024));
      kernel
          .mm()
          .views()
          .smaps(pid, v.start(), v.end())
          .forEach((k, val) -> sb.append(String.format("%-16s%8d kB%n", k + ":", val)));
      StringBuilder flags = new StringBuilder("VmFlags:");
      flags.append((f & org.kmodel.api.mm.VmFlags.READ) != 0 ? " rd" : "");
      flags.append((f & org.kmodel.api.mm.VmFlags.WRITE) != 0 ? " wr" : "");
      flags.append(" mr mw me ac");
      flags.append((f & org.kmodel.api.mm.VmFlags.HUGEPAGE) != 0 ? " hg" : "");
      flags.append((f & org.kmodel.api.mm.VmFlags.NOHUGEPAGE) != 0 ? " nh" : "");
      sb.append(flags).append('\n');
    }
    return sb.toString();
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
