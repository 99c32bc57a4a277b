package org.kmodel.thp.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.PluginContext;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;

/**
 * What a THP policy sees of a kernel: a map-backed knob tree and vmstat, a boot command line, an
 * event log and the machine geometry. Asking for frames fails the test: a policy decides, it does
 * not allocate.
 */
final class FakePluginContext implements PluginContext {
  private final MachineGeometry geometry;
  private final Map<String, String> commandLine = new HashMap<>();
  private final MapKnobs knobs = new MapKnobs();
  private final MapCounters counters = new MapCounters();
  final List<String> events = new ArrayList<>();

  FakePluginContext(MachineGeometry geometry) {
    this.geometry = geometry;
  }

  /** Adds {@code key=value} to the kernel command line. */
  FakePluginContext boot(String key, String value) {
    commandLine.put(key, value);
    return this;
  }

  /** {@code cat path}. */
  String cat(String path) {
    return knobs.find(path).read();
  }

  @Override
  public Knobs knobs() {
    return knobs;
  }

  @Override
  public Counters counters() {
    return counters;
  }

  @Override
  public void event(String type, String message) {
    events.add(type + ": " + message);
  }

  @Override
  public String bootParameter(String key) {
    return commandLine.get(key);
  }

  @Override
  public MachineGeometry geometry() {
    return geometry;
  }

  @Override
  public FrameTable frames() {
    throw new UnsupportedOperationException("a THP policy has no use for frames");
  }

  @Override
  public long nowNanos() {
    return 0;
  }

  /** The knob tree as a map sorted by path. */
  static final class MapKnobs implements Knobs {
    private final Map<String, Knob> byPath = new TreeMap<>();

    @Override
    public <K extends Knob> K register(K knob) {
      if (byPath.putIfAbsent(knob.path(), knob) != null) {
        throw new IllegalStateException(knob.path() + " exists");
      }
      return knob;
    }

    @Override
    public Knob find(String path) {
      return byPath.get(path);
    }

    @Override
    public List<Knob> all() {
      return new ArrayList<>(byPath.values());
    }
  }

  /** vmstat as a map, in registration order. */
  static final class MapCounters implements Counters {
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    @Override
    public Counter counter(String name) {
      return byName.computeIfAbsent(name, Counter::new);
    }

    @Override
    public Counter find(String name) {
      return byName.get(name);
    }

    @Override
    public List<Counter> all() {
      return new ArrayList<>(byName.values());
    }
  }
}
