package org.kmodel.kernel.mm;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live processes of a kernel, by scenario pid name; the names of those that exited, and how the
 * last killed one died.
 */
@Singleton
public final class ProcessTable {
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final java.util.Set<String> exited = new java.util.HashSet<>();
  private boolean lastKillWasSegv;

  public Process get(String pid) {
    return processes.get(pid);
  }

  /** The live process {@code pid}; ESRCH when there is none. */
  public Process require(String pid) {
    Process p = processes.get(pid);
    if (p == null) {
      throw new MmException("ESRCH", "no process " + pid);
    }
    return p;
  }

  public void add(Process p) {
    if (processes.putIfAbsent(p.pid(), p) != null) {
      throw new IllegalStateException("process " + p.pid() + " exists");
    }
    exited.remove(p.pid());
  }

  public void remove(String pid) {
    if (processes.remove(pid) != null) {
      exited.add(pid);
    }
  }

  /** Whether a process of this name lived once and has exited (or was killed). */
  public boolean exited(String pid) {
    return exited.contains(pid) && !processes.containsKey(pid);
  }

  /** Records how a process about to be killed dies: SIGSEGV, or else the OOM killer. */
  void noteKill(boolean segv) {
    lastKillWasSegv = segv;
  }

  /** Whether the last process killed on an access died of SIGSEGV (not an OOM kill). */
  public boolean lastKillWasSegv() {
    return lastKillWasSegv;
  }

  public Collection<Process> all() {
    return processes.values();
  }

  public boolean isEmpty() {
    return processes.isEmpty();
  }
}
