package org.kmodel.allocator.buddy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.PluginContext;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * What an allocator sees of a kernel: frames, a 4K-page geometry and a map-backed vmstat. Asking
 * for knobs fails the test, since the buddy allocator has none.
 */
final class FakePluginContext implements PluginContext {
  private final FrameTable frames;
  private final MapCounters counters = new MapCounters();

  FakePluginContext(FrameTable frames) {
    this.frames = frames;
  }

  @Override
  public Knobs knobs() {
    throw new UnsupportedOperationException("the buddy allocator has no knobs");
  }

  @Override
  public Counters counters() {
    return counters;
  }

  @Override
  public void event(String type, String message) {
    throw new UnsupportedOperationException("unexpected event " + type + ": " + message);
  }

  @Override
  public String bootParameter(String key) {
    return null;
  }

  @Override
  public MachineGeometry geometry() {
    return MachineGeometry.builder()
        .levels(PageTableLevel.table("PGD", 21, 9), PageTableLevel.leaf("PTE", 12, 9))
        .build();
  }

  @Override
  public FrameTable frames() {
    return frames;
  }

  @Override
  public long nowNanos() {
    return 0;
  }

  /** vmstat as a map, in registration order. */
  static final class MapCounters implements Counters {
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    @Override
    public Counter counter(String name) {
      if (!name.matches("[a-z0-9_]+")) {
        throw new IllegalArgumentException(name);
      }
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
