package org.kmodel.container.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.cost.TlbReach;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.sim.SimClock;

/** The {@code --json} form of a run: SCENARIOS.md's fields first, then kmodel's extras. */
final class ResultJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  static String render(String file, ScenarioSession.Outcome outcome) {
    RunResult r = outcome.result();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", r.name());
    root.put("file", file);
    root.put("ok", r.ok());
    root.put("limit_reached", r.limitReached());
    root.put("exit_code", r.exitCode());
    List<Map<String, Object>> failures = new ArrayList<>();
    for (Failure f : r.failures()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("where", f.where());
      m.put("message", f.message());
      failures.add(m);
    }
    root.put("failures", failures);
    root.put("vmstat", r.vmstat());
    root.put("meminfo", r.meminfo());
    root.put("fs", r.fs());
    List<Map<String, Object>> events = new ArrayList<>();
    for (Event e : r.events()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time_ns", e.timeNanos());
      m.put("time", SimClock.format(e.timeNanos()));
      m.put("type", e.type());
      m.put("message", e.message());
      m.putAll(e.data());
      events.add(m);
    }
    root.put("events", events);
    List<Map<String, Object>> phases = new ArrayList<>();
    for (PhaseRecord p : r.phases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("start_ns", p.startNanos());
      m.put("end_ns", p.endNanos());
      m.put("steps", p.steps());
      m.put("simulated_us", p.durationNanos() / 1000.0);
      m.put("costs", costs(p.costs()));
      phases.add(m);
    }
    root.put("phases", phases);
    root.put("simulated_ns", r.simulatedNanos());
    root.put("cpu", r.cpu());
    root.put("cost_mode", r.costMode());
    root.put("kernel", r.kernel());
    root.put("nested_host_page_size", r.nestedHostPageSize());
    root.put("machine", machine(r.machine()));
    root.put("costs", costs(r.costs()));
    root.put("steps", r.steps());
    root.put("bundles", outcome.bundles());
    root.put("bundle_problems", outcome.bundleProblems());
    root.put("shown", r.shown());
    List<Map<String, Object>> trace = new ArrayList<>();
    for (org.kmodel.kernel.explore.TraceEntry t : outcome.trace()) {
      trace.add(Map.of("task", t.task(), "step", t.step()));
    }
    root.put("trace", trace);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the result as JSON", e);
    }
  }

  /** Cost figures by report name, plus architectural walk references per walk. */
  /** The machine: architecture, page sizes, levels and the TLB reach per array and page size. */
  static Map<String, Object> machine(MachineReport m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arch", m.arch());
    out.put("page_size", m.pageSize());
    out.put("huge_page_size", m.hugePageSize());
    out.put("levels", m.levels());
    List<Map<String, Object>> reach = new ArrayList<>();
    for (TlbReach t : m.tlbReach()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tlb", t.tlb());
      row.put("level", t.level());
      row.put("page_size", t.pageSize());
      row.put("entries", t.entries());
      row.put("reach", t.reachBytes());
      reach.add(row);
    }
    out.put("tlb_reach", reach);
    return out;
  }

  static Map<String, Object> costs(PhaseCosts c) {
    Map<String, Object> m = new LinkedHashMap<>(c.figures());
    m.put("walk_refs_per_miss", c.walkRefsPerWalk());
    return m;
  }
}
