package org.kmodel.container.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.sim.SimClock;

/** The readable summary of a run. */
final class ResultText {
  private ResultText() {}

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
        r.badInput() ? "BAD INPUT" : r.ok() ? "ok" : "FAILED (" + r.failures().size() + ")";
    out.printf(
        "result    %s — %d steps, %s simulated%n",
        verdict, r.steps(), SimClock.format(r.simulatedNanos()));
    if (!r.failures().isEmpty()) {
      out.println();
      out.println("failures");
      for (Failure f : r.failures()) {
        out.println("  " + f);
      }
    }
    if (!r.phases().isEmpty()) {
      out.println();
      out.printf("%-32s %14s %8s%n", "phase", "simulated", "steps");
      for (PhaseRecord p : r.phases()) {
        out.printf("%-32s %14s %8d%n", p.name(), SimClock.format(p.durationNanos()), p.steps());
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
