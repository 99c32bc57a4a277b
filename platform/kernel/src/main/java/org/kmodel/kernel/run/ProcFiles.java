package org.kmodel.kernel.run;

import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.Kernel;

/**
 * The files {@code --show} prints after a run and the shell's {@code cat}, as {@code cat} would.
 */
public final class ProcFiles {
  private final Kernel kernel;

  public ProcFiles(Kernel kernel) {
    this.kernel = kernel;
  }

  /** The content of a file as {@code cat} prints it, or {@code null} when there is no such file. */
  public String cat(String path) {
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
}
