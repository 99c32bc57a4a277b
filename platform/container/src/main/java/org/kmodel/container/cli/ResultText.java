package org.kmodel.container.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.cost.TlbReach;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.value.Sizes;
import org.kmodel.kernel.sim.SimClock;

/** The readable summary of a run. */
final class ResultText {
  private ResultText() {}

  /** One line per TLB array: entries x page size = reach, for every size it holds here. */
  private static void printReach(PrintWriter out, MachineReport m) {
    String label = "tlb reach";
    String array = null;
    StringBuilder line = new StringBuilder();
    for (TlbReach t : m.tlbReach()) {
      if (!t.tlb().equals(array)) {
        if (array != null) {
          out.printf("%-9s %s%n", label, line);
          label = "";
          line.setLength(0);
        }
        array = t.tlb();
        line.append(array).append(':');
      } else {
        line.append(',');
      }
      line.append(
          String.format(
              " %d x %s = %s",
              t.entries(), Sizes.format(t.pageSize()), Sizes.format(t.reachBytes())));
    }
    if (array != null) {
      out.printf("%-9s %s%n", label, line);
    }
  }

  static void print(PrintWriter out, String file, ScenarioSession.Outcome outcome) {
    RunResult r = outcome.result();
    out.printf("scenario  %s (%s)%n", r.name(), file);
    StringBuilder plugins = new StringBuilder();
    for (BundleInfo b : outcome.bundles()) {
      if (!b.services().isEmpty() && b.name().startsWith("org.kmodel.")) {
        plugins
            .append(plugins.length() == 0 ? "" : ", ")
            .append(b.name())
            .append(' ')
            .append(b.version());
      }
    }
    out.printf("bundles   %s%n", plugins.length() == 0 ? "(none)" : plugins);
    String verdict =
        r.badInput()
            ? "BAD INPUT"
            : r.limitReached()
                ? "STOPPED at its budget"
                : r.ok() ? "ok" : "FAILED (" + r.failures().size() + ")";
    out.printf(
        "result    %s — %d steps, %s simulated%n",
        verdict, r.steps(), SimClock.format(r.simulatedNanos()));
    // bad input is a diagnostic: the command prints it on stderr, once
    if (!r.failures().isEmpty() && !r.badInput()) {
      out.println();
      out.println("failures");
      for (Failure f : r.failures()) {
        out.println("  " + f);
      }
    }
    MachineReport m = r.machine();
    if (!m.arch().isEmpty()) {
      out.printf(
          "machine   %s, %s pages, %s, page tables %s, Linux %s%n",
          m.arch(),
          Sizes.format(m.pageSize()),
          m.hugePageSize() == 0 ? "no THP" : Sizes.format(m.hugePageSize()) + " THP",
          String.join(" ", m.levels()),
          r.kernel());
    }
    if (!r.cpu().isEmpty()) {
      out.printf(
          "cpu       %s, cost model %s%s%n",
          r.cpu(),
          r.costMode(),
          r.nestedHostPageSize() == 0
              ? ""
              : ", as a guest on " + Sizes.format(r.nestedHostPageSize()) + " host pages");
      printReach(out, m);
    }
    if (!r.phases().isEmpty()) {
      out.println();
      out.printf(
          "%-32s %14s %8s %9s %9s %11s %11s %12s %9s%n",
          "phase",
          "simulated µs",
          "steps",
          "faults pte",
          "faults pmd",
          "L1 TLB miss",
          "L2 TLB miss",
          "walk refs",
          "refs/miss");
      for (PhaseRecord p : r.phases()) {
        PhaseCosts c = p.costs();
        out.printf(
            "%-32s %14.1f %8d %9d %9d %11d %11d %12d %9.1f%n",
            p.name(),
            p.durationNanos() / 1000.0,
            p.steps(),
            c.faultsBase(),
            c.faultsHuge(),
            c.tlbL1Misses(),
            c.tlbL2Misses(),
            c.walkRefs(),
            c.walkRefsPerWalk());
      }
    }
    if (outcome.trace().stream().map(t -> t.task()).distinct().count() > 1) {
      out.println();
      out.println("interleaving");
      out.print(org.kmodel.kernel.explore.Timeline.render(outcome.trace()));
    }
    out.println();
    out.println("events");
    for (Event e : r.events()) {
      if (e.type().equals("failure")) {
        continue; // listed under failures, or on stderr for bad input
      }
      out.printf("  %10s  %-8s %s%n", SimClock.format(e.timeNanos()), e.type(), e.message());
    }
    out.println();
    out.println("vmstat (non-zero)");
    for (Map.Entry<String, Long> e : r.vmstat().entrySet()) {
      if (e.getValue() != 0) {
        out.printf("  %-28s %d%n", e.getKey(), e.getValue());
      }
    }
    if (!r.fs().isEmpty()) {
      out.println();
      out.println("filesystem (non-zero)");
      r.fs()
          .forEach(
              (k, v) -> {
                if (v != 0) {
                  out.printf("  %-28s %d%n", k, v);
                }
              });
    }
    out.println();
    out.println("meminfo");
    r.meminfo().forEach((k, v) -> out.printf("  %-16s %10d kB%n", k + ":", v));
    for (Map.Entry<String, String> e : r.shown().entrySet()) {
      out.println();
      out.println("$ cat " + e.getKey());
      out.print(e.getValue());
    }
  }
}
