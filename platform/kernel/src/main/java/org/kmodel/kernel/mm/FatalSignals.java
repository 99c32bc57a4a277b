package org.kmodel.kernel.mm;

import java.util.Map;
import org.kmodel.kernel.event.EventLog;

/**
 * The two ways a process dies on an access: SIGSEGV where no VMA permits it ({@code
 * force_sig_fault}, an uncaught signal) and the OOM killer when a fault finds no memory ({@code
 * out_of_memory} → {@code oom_kill_process}: the process with the largest footprint dies, counted
 * by {@code oom_kill}). Either way the victim exits ({@link ExitMmap}), its death is an event, and
 * the process table remembers which way it went.
 */
final class FatalSignals {
  private final int pageShift;
  private final int pmdOrder;
  private final ProcessTable processes;
  private final ExitMmap exit;
  private final EventLog events;
  private final VmEvents ev;

  FatalSignals(
      Machine machine, ProcessTable processes, ExitMmap exit, EventLog events, VmEvents ev) {
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.processes = processes;
    this.exit = exit;
    this.events = events;
    this.ev = ev;
  }

  /** SIGSEGV for an access at {@code va} that {@code why} forbids: {@code p} is killed. */
  void segv(Process p, long va, boolean write, String why) {
    events.record(
        "signal",
        String.format(
            "%s: SIGSEGV on %s at %#x (%s); the process is killed",
            p.pid(), write ? "write" : "read", va, why),
        Map.of("pid", p.pid(), "signal", "SIGSEGV"));
    processes.noteKill(true);
    exit.exit(p);
  }

  /** The OOM killer: kills the process with the largest footprint; false if it was {@code p}. */
  boolean oomKill(Process p) {
    Process victim = null;
    long worst = -1;
    for (Process q : processes.all()) {
      long size = q.mm().anonRss + (q.mm().hugeRss << pmdOrder) + q.mm().swapEntries;
      if (size > worst) {
        worst = size;
        victim = q;
      }
    }
    if (victim == null) {
      return false;
    }
    ev.oomKill.inc();
    processes.noteKill(false);
    events.record(
        "oom",
        String.format(
            "Out of memory: killed process %s (anon-rss %d kB) while %s faulted",
            victim.pid(), worst << (pageShift - 10), p.pid()),
        Map.of("pid", victim.pid(), "faulting", p.pid()));
    exit.exit(victim);
    return victim != p;
  }
}
