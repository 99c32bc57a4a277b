package org.kmodel.kernel.mm;

/**
 * A process's end ({@code do_exit} → {@code exit_mmap}): every VMA is zapped and unlinked from its
 * anon_vma, every page table freed, and the process leaves the table; with no process left nothing
 * maps the zero page, so it is given back (the huge zero page waits for its shrinker).
 */
final class ExitMmap {
  private final Zap zap;
  private final ZeroPages zeroPages;
  private final ProcessTable processes;

  ExitMmap(Zap zap, ZeroPages zeroPages, ProcessTable processes) {
    this.zap = zap;
    this.zeroPages = zeroPages;
    this.processes = processes;
  }

  void exit(Process p) {
    Mm mm = p.mm();
    for (Vma v : mm.vmas()) {
      zap.zapRange(mm, v.start(), v.end(), true);
      AnonVma.unlink(v);
      mm.remove(v);
    }
    zap.freeAllTables(mm);
    processes.remove(p.pid());
    if (processes.isEmpty()) {
      zeroPages.release();
    }
  }
}
