package org.kmodel.kernel.counter;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;

/**
 * The kernel's vmstat registry: event counters that plugins extend, plus gauges (such as {@code
 * nr_free_pages}) computed from kernel state when read. {@code /proc/vmstat} prints gauges first,
 * then counters, each in registration order, as Linux prints its {@code nr_*} items before its
 * event counts.
 */
@Singleton
public final class CounterRegistry implements Counters {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<String, Counter> counters = new LinkedHashMap<>();
  private final Map<String, LongSupplier> gauges = new LinkedHashMap<>();

  @Override
  public Counter counter(String name) {
    Counter c = counters.get(name);
    if (c == null) {
      if (!NAME.matcher(name).matches() || gauges.containsKey(name)) {
        throw new IllegalArgumentException("bad or taken vmstat name: " + name);
      }
      c = new Counter(name);
      counters.put(name, c);
    }
    return c;
  }

  @Override
  public Counter find(String name) {
    return counters.get(name);
  }

  @Override
  public List<Counter> all() {
    return Collections.unmodifiableList(new ArrayList<>(counters.values()));
  }

  /** Registers a value computed on read. */
  public void gauge(String name, LongSupplier value) {
    if (!NAME.matcher(name).matches() || counters.containsKey(name)) {
      throw new IllegalArgumentException("bad or taken vmstat name: " + name);
    }
    gauges.put(name, value);
  }

  /** The value of a counter or gauge, or {@code null} when neither exists. */
  public Long value(String name) {
    LongSupplier g = gauges.get(name);
    if (g != null) {
      return g.getAsLong();
    }
    Counter c = counters.get(name);
    return c == null ? null : c.get();
  }

  /** Every gauge and counter with its current value, in {@code /proc/vmstat} order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    gauges.forEach((n, g) -> out.put(n, g.getAsLong()));
    counters.forEach((n, c) -> out.put(n, c.get()));
    return out;
  }

  /** {@code /proc/vmstat} as Linux prints it: one {@code name value} per line. */
  public String procVmstat() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((n, v) -> sb.append(n).append(' ').append(v).append('\n'));
    return sb.toString();
  }

  /** Names of every counter and gauge, for error messages. */
  public List<String> names() {
    List<String> names = new ArrayList<>(gauges.keySet());
    names.addAll(counters.keySet());
    return names;
  }
}
