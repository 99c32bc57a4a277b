package org.kmodel.kernel.mm;

/**
 * A process's end ({@code do_exit} → {@code exit_mmap}): every VMA is zapped and unlinked from its
 * anon_vma, every page table freed, every FOLL_PIN pin it holds dropped, and the process leaves the
 * table; the huge zero page it referenced waits for its shrinker.
 */
final class ExitMmap {
  private final Zap zap;
  private final ProcessTable processes;
  private final FolioPut folios;

  ExitMmap(Zap zap, ProcessTable processes, FolioPut folios) {
    this.folios = folios;
    this.zap = zap;
    this.processes = processes;
  }

  void exit(Process p) {
    Mm mm = p.mm();
    // the pins a process holds (a driver's, an io_uring's) go with its files, before its memory
    for (UserPin pin : mm.pins) {
      pin.release(folios);
    }
    mm.pins.clear();
    for (Vma v : mm.vmas()) {
      zap.zapRange(mm, v.start(), v.end(), true);
      AnonVma.unlink(v);
      mm.remove(v);
    }
    zap.freeAllTables(mm);
    processes.remove(p.pid());
  }
}
