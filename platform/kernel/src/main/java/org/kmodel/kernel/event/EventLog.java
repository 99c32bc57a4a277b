package org.kmodel.kernel.event;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.sim.SimClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's event log: swaps, pauses, OOM kills, warnings, failures, each stamped with simulated
 * time. Every event is also logged through SLF4J (logger {@code org.kmodel.events}): failures,
 * violations and warnings at WARN; swaps, pauses, OOM kills and bundle problems at INFO; the rest
 * (knob writes, phases) at DEBUG.
 */
@Singleton
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger("org.kmodel.events");

  private final SimClock clock;
  private final List<Event> events = new ArrayList<>();
  private boolean logging = true;

  @Inject
  public EventLog(SimClock clock) {
    this.clock = clock;
  }

  public Event record(String type, String message) {
    return record(type, message, Map.of());
  }

  public Event record(String type, String message, Map<String, Object> data) {
    Event e = new Event(clock.nowNanos(), type, message, data);
    synchronized (events) {
      events.add(e);
    }
    if (!logging) {
      return e;
    }
    String time = SimClock.format(e.timeNanos());
    switch (type) {
      case "failure", "violation", "warning" -> LOG.warn("[{}] {}: {}", time, type, message);
      case "swap", "pause", "resume", "oom", "bundle" ->
          LOG.info("[{}] {}: {}", time, type, message);
      default -> LOG.debug("[{}] {}: {}", time, type, message);
    }
    return e;
  }

  /** Turns SLF4J logging of events off (the explorer's thousands of runs) or back on. */
  public void setLogging(boolean on) {
    this.logging = on;
  }

  /** A copy of the log so far, oldest first. */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Events of one type, oldest first. */
  public List<Event> ofType(String type) {
    return events().stream().filter(e -> e.type().equals(type)).toList();
  }
}
