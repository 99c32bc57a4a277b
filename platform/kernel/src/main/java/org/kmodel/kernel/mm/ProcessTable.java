package org.kmodel.kernel.mm;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The live processes of a kernel, by scenario pid name. */
@Singleton
public final class ProcessTable {
  private final Map<String, Process> processes = new LinkedHashMap<>();

  public Process get(String pid) {
    return processes.get(pid);
  }

  public void add(Process p) {
    if (processes.putIfAbsent(p.pid(), p) != null) {
      throw new IllegalStateException("process " + p.pid() + " exists");
    }
  }

  public void remove(String pid) {
    processes.remove(pid);
  }

  public Collection<Process> all() {
    return processes.values();
  }

  public boolean isEmpty() {
    return processes.isEmpty();
  }
}
