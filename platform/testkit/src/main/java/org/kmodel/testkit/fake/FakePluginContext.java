package org.kmodel.testkit.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.PluginContext;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.kernel.scenario.value.KernelReleases;

/**
 * What a plugin sees of a kernel, without a kernel: a map-backed knob tree and vmstat, a kernel
 * command line, an event list, a machine geometry, simulated time that the test sets, and — for
 * allocators — a frame table. Attach the plugin under test to it and drive it:
 *
 * <pre>
 * FakePluginContext kernel =
 *     new FakePluginContext(Geometries.x86_64()).boot("transparent_hugepage", "madvise");
 * policy.attach(kernel);
 * kernel.echo("/sys/kernel/mm/transparent_hugepage/enabled", "never");
 * assertEquals("always madvise [never]", kernel.cat("/sys/kernel/mm/transparent_hugepage/enabled"));
 * </pre>
 *
 * <p>The contract is the kernel's, so that what passes here holds in a real kernel: knob paths are
 * absolute file paths and registering a taken one throws {@link IllegalStateException}; counter
 * names are vmstat names ({@code [a-z][a-z0-9_]*}) and a counter, once registered, stays; {@link
 * #echo} fails as {@code echo value > path} would, with the errno in a {@link KnobException}. What
 * the fake does not do: remove a plugin's knobs when it detaches (give a re-attached plugin a fresh
 * context, as the kernel gives it a fresh owner), run kernel threads, or move time by itself.
 *
 * <p>Not thread-safe; use it on the test's thread, as plugins are used on the simulation thread.
 */
public final class FakePluginContext implements PluginContext {
  private static final Pattern COUNTER_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final MachineGeometry geometry;
  private final FrameTable frames;
  private final Map<String, String> commandLine = new LinkedHashMap<>();
  private final MapKnobs knobs = new MapKnobs();
  private final MapCounters counters = new MapCounters();
  private final List<String> events = new ArrayList<>();
  private long nowNanos;
  private KernelVersion kernelVersion = KernelReleases.NEWEST;

  /**
   * A context without frames, for plugins that decide rather than allocate (THP policies,
   * filesystems' helpers).
   *
   * @param geometry what {@link #geometry()} returns, e.g. {@link Geometries#x86_64()}; {@code
   *     null} for an architecture under test, which attaches before the machine has a geometry
   */
  public FakePluginContext(MachineGeometry geometry) {
    this(geometry, null);
  }

  /**
   * A context for an allocator: {@link #frames()} returns {@code frames}, e.g. an {@link
   * ArrayFrameTable}.
   */
  public FakePluginContext(MachineGeometry geometry, FrameTable frames) {
    this.geometry = geometry;
    this.frames = frames;
  }

  /**
   * Adds {@code key=value} to the kernel command line ({@code boot:} in a scenario); an empty value
   * stands for a bare word. A later value for the same key wins, as on Linux. Call before {@code
   * attach}: plugins read their boot parameters there.
   */
  public FakePluginContext boot(String key, String value) {
    if (key == null || key.isBlank() || key.contains("=") || key.contains(" ")) {
      throw new IllegalArgumentException("a boot parameter is one word without '=': " + key);
    }
    commandLine.put(key, value == null ? "" : value);
    return this;
  }

  /**
   * The Linux release {@link #kernelVersion()} gives, as a scenario's {@code machine.kernel} names
   * it; the newest modelled release unless set. Call before {@code attach}.
   */
  public FakePluginContext kernel(KernelVersion release) {
    this.kernelVersion = Objects.requireNonNull(release, "release");
    return this;
  }

  /** Sets simulated time, in nanoseconds since boot; it never moves otherwise. */
  public FakePluginContext setNowNanos(long nanos) {
    if (nanos < nowNanos) {
      throw new IllegalArgumentException(
          "simulated time runs forward: " + nanos + " < " + nowNanos);
    }
    nowNanos = nanos;
    return this;
  }

  /** Moves simulated time forward by {@code nanos}. */
  public FakePluginContext advanceNanos(long nanos) {
    return setNowNanos(nowNanos + nanos);
  }

  /**
   * {@code cat path}: the knob's content as {@link Knob#read()} gives it.
   *
   * @throws IllegalArgumentException when no knob has this path (the shell's "No such file or
   *     directory")
   */
  public String cat(String path) {
    Knob knob = knobs.find(path);
    if (knob == null) {
      throw new IllegalArgumentException(
          "cat: " + path + ": No such file or directory (knobs: " + knobs.byPath.keySet() + ")");
    }
    return knob.read();
  }

  /**
   * {@code echo value > path}.
   *
   * @throws KnobException {@link Errno#ENOENT} when no knob has this path; otherwise whatever the
   *     knob's {@link Knob#write} throws: {@link Errno#EINVAL} for a value it rejects, {@link
   *     Errno#EPERM} for a read-only file
   */
  public void echo(String path, String value) throws KnobException {
    Knob knob = knobs.find(path);
    if (knob == null) {
      throw new KnobException(Errno.ENOENT, path + ": " + Errno.ENOENT.describe());
    }
    knob.write(value);
  }

  /**
   * The value of a registered counter, as {@code /proc/vmstat} would print it.
   *
   * @throws IllegalArgumentException when no counter has this name
   */
  public long vmstat(String name) {
    Counter c = counters.find(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no counter " + name + " (counters: " + counters.byName.keySet() + ")");
    }
    return c.get();
  }

  /** Every event recorded so far, in order, each as {@code type: message}. */
  public List<String> events() {
    return Collections.unmodifiableList(events);
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

  /**
   * The frame table given to the constructor.
   *
   * @throws IllegalStateException when the context was made without one
   */
  @Override
  public FrameTable frames() {
    if (frames == null) {
      throw new IllegalStateException(
          "this FakePluginContext has no frame table: make it with"
              + " new FakePluginContext(geometry, new ArrayFrameTable(frames))");
    }
    return frames;
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  @Override
  public KernelVersion kernelVersion() {
    return kernelVersion;
  }

  /** The knob tree as a map sorted by path. */
  private static final class MapKnobs implements Knobs {
    private final Map<String, Knob> byPath = new TreeMap<>();

    @Override
    public <K extends Knob> K register(K knob) {
      String path = knob.path();
      if (path == null || !path.startsWith("/") || path.endsWith("/")) {
        throw new IllegalArgumentException("knob paths are absolute file paths: " + path);
      }
      if (byPath.putIfAbsent(path, knob) != null) {
        throw new IllegalStateException("knob " + path + " is already registered");
      }
      return knob;
    }

    @Override
    public Knob find(String path) {
      return byPath.get(path);
    }

    @Override
    public List<Knob> all() {
      return List.copyOf(byPath.values());
    }
  }

  /** vmstat as a map, in registration order. */
  private static final class MapCounters implements Counters {
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    @Override
    public Counter counter(String name) {
      if (name == null || !COUNTER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("bad vmstat name: " + name);
      }
      return byName.computeIfAbsent(name, Counter::new);
    }

    @Override
    public Counter find(String name) {
      return byName.get(name);
    }

    @Override
    public List<Counter> all() {
      return List.copyOf(byName.values());
    }
  }
}
