package org.kmodel.api.counter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One vmstat-like event counter. Hot paths keep a reference and call {@link #inc()}: a field
 * increment, no lookup. Use only on the simulation thread.
 */
@ProviderType
public final class Counter {
  private final String name;
  private long value;

  /** Created by {@link Counters#counter(String)}; not for plugins to construct. */
  public Counter(String name) {
    this.name = name;
  }

  /** The name as {@code /proc/vmstat} prints it, e.g. {@code thp_fault_alloc}. */
  public String name() {
    return name;
  }

  public void inc() {
    value++;
  }

  public void add(long delta) {
    value += delta;
  }

  public long get() {
    return value;
  }

  @Override
  public String toString() {
    return name + " " + value;
  }
}
