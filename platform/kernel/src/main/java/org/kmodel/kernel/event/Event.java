package org.kmodel.kernel.event;

import java.util.Map;

/**
 * One entry of a run's event log.
 *
 * @param timeNanos simulated time
 * @param type what happened: {@code swap}, {@code pause}, {@code resume}, {@code oom}, {@code
 *     warning}, {@code failure}, {@code violation}, {@code knob}, ...
 * @param message one human-readable line
 * @param data structured details for programs (slot, from, to, location, ...)
 */
public record Event(long timeNanos, String type, String message, Map<String, Object> data) {
  public Event {
    data = Map.copyOf(data);
  }
}
