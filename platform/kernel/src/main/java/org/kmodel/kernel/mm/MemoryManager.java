package org.kmodel.kernel.mm;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;

/**
 * The memory-management operations scenarios drive: process creation and anonymous mappings. Each
 * method is one kernel path, named after it, and reports failure with the errno Linux would give.
 */
public final class MemoryManager {
  private final Kernel kernel;

  public MemoryManager(Kernel kernel) {
    this.kernel = kernel;
  }

  /** A new process with an empty address space ({@code fork}+{@code exec} of a fresh program). */
  public Process spawn(String pid) {
    if (kernel.processes().get(pid) != null) {
      throw new MmException("EEXIST", "process " + pid + " already exists");
    }
    Process p = new Process(pid, new Mm(1L << kernel.memory().pageShift()));
    kernel.processes().add(p);
    return p;
  }

  /**
   * {@code mmap(NULL, length, prot, MAP_PRIVATE|MAP_ANONYMOUS)}: places a new anonymous VMA
   * top-down, aligned to {@code align} when given, and names the range {@code region}.
   */
  public Process.Region mmapAnonymous(
      String pid, String region, long length, long align, long prot) {
    Process p = process(pid);
    long pageSize = p.mm().pageSize();
    if (length <= 0 || length % pageSize != 0) {
      throw new MmException("EINVAL", "length " + length + " is not a positive page multiple");
    }
    long start = p.mm().unmappedArea(length, Math.max(align, pageSize));
    if (start < 0) {
      throw new MmException("ENOMEM", "no room for " + length + " bytes in " + pid);
    }
    p.mm().map(start, length, prot & (VmFlags.READ | VmFlags.WRITE | VmFlags.EXEC));
    Process.Region r = new Process.Region(start, start + length);
    p.regions().put(region, r);
    return r;
  }

  /**
   * Pages mapped by anonymous memory across processes (no page is faulted in by this model yet).
   */
  public long anonPages() {
    return 0;
  }

  public Process process(String pid) {
    Process p = kernel.processes().get(pid);
    if (p == null) {
      throw new MmException("ESRCH", "no process " + pid);
    }
    return p;
  }
}
