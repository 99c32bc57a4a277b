package org.kmodel.testkit.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.run.MachineConfig;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.run.ScenarioRunner;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.scenario.value.KernelReleases;
import org.kmodel.kernel.scenario.value.Sizes;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;

/**
 * A kernel whose slots are filled by hand with plain Java plugins — no Felix, no bundles — for
 * testing a plugin inside the real memory manager:
 *
 * <pre>
 * try (KernelHarness h =
 *     KernelHarness.builder()
 *         .arch(X86_64Architecture::new)
 *         .allocator(BuddyAllocator::new)
 *         .thpPolicy("thp-mine", MyPolicy::new)
 *         .memory("256M")
 *         .build()) {
 *   RunResult r = h.run("name: t\nmachine: {memory: 256M}\nsteps:\n  - spawn: p1\n");
 *   assertTrue(r.ok(), r.failures().toString());
 * }
 * </pre>
 *
 * <p>Each plugin is offered through a {@link ManualProvider}: a fresh instance per kernel from its
 * supplier, under a name (the {@code kmodel.name} a bundle would register it with; scenarios pin
 * and swap by it) and a ranking (the highest wins an unpinned slot). The harness depends on no
 * shipped plugin: add {@code allocator-buddy}, {@code thp-linux} or an architecture as test
 * dependencies and pass their constructors, or use {@link
 * org.kmodel.testkit.fake.FakeArchitecture}.
 *
 * <p>The harness always has a current {@link #kernel()}: {@link Builder#build()} boots one for the
 * builder's machine ({@link Builder#memory}, {@link Builder#swap}, {@link Builder#boot}, {@link
 * Builder#seed}) and fails when a plugin does not take its slot; each {@link #run} then boots a
 * fresh one for the scenario's own {@code machine:} and {@code boot:} sections — exactly as {@code
 * kmodel run} builds it, so a scenario gives the same result here as in an installation with the
 * same plugins — and that kernel stays current, with its plugins attached, until the next run or
 * {@link #close()}. The scenario's {@code bundles:} key is not consulted; its {@code slots:} pins
 * are. Runs wait for no slot: one a step needs that no plugin fills fails the run at once. Events
 * are not logged; they are in each {@link RunResult} and in {@code kernel().events()}.
 *
 * <p>Use a harness from one thread; close it to detach the plugins of the current kernel.
 */
public final class KernelHarness implements AutoCloseable {
  private final List<Offer> offers;
  private final RunOptions options;
  private Kernel kernel;

  private KernelHarness(List<Offer> offers, RunOptions options) {
    this.offers = List.copyOf(offers);
    this.options = options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The current kernel: the last run's, or the one {@link Builder#build()} booted. */
  public Kernel kernel() {
    if (kernel == null) {
      throw new IllegalStateException("the harness is closed");
    }
    return kernel;
  }

  /**
   * Parses scenario text (problems name it {@code scenario.yaml}) and runs it on a fresh kernel. A
   * step that fails, an expectation that does not hold, or bad input found while running (an
   * unknown knob or metric, a size that is not a whole number of the machine's base page) is in the
   * result ({@link RunResult#ok()}, {@link RunResult#failures()}), as {@code kmodel run} reports
   * it.
   *
   * @throws ScenarioException when the text is not a valid scenario, with every problem's
   *     line:column
   * @throws BadInputException when the scenario's machine cannot be built (a buddyinfo file that
   *     cannot be read, an unknown CPU profile file)
   */
  public RunResult run(String yaml) throws ScenarioException {
    return run("scenario.yaml", yaml);
  }

  /** As {@link #run(String)}; problems name the text {@code name}. */
  public RunResult run(String name, String yaml) throws ScenarioException {
    return run(Operations.parser().parse(name, yaml));
  }

  /** Reads a scenario file (relative paths in it resolve against its directory) and runs it. */
  public RunResult run(Path file) throws ScenarioException {
    return run(Operations.parser().parse(file));
  }

  private RunResult run(Scenario scenario) {
    Kernel next;
    try {
      next = boot(MachineConfig.of(scenario), false);
    } catch (com.google.inject.ProvisionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BadInputException(scenario.machine().where(), cause.getMessage());
    }
    replaceKernel(next);
    return new ScenarioRunner(kernel, options).run(scenario);
  }

  /**
   * {@code cat path} on the current kernel's knob tree: the knob's content without the trailing
   * newline.
   *
   * @throws IllegalArgumentException when no knob has this path
   */
  public String cat(String path) {
    Knob k = kernel().knobTree().find(path);
    if (k == null) {
      throw new IllegalArgumentException("cat: " + path + ": No such file or directory");
    }
    return k.read();
  }

  /**
   * {@code echo value > path} on the current kernel.
   *
   * @throws KnobException {@link Errno#ENOENT} for a path no knob has, else what the knob throws
   */
  public void echo(String path, String value) throws KnobException {
    Knob k = kernel().knobTree().find(path);
    if (k == null) {
      throw new KnobException(Errno.ENOENT, path + ": " + Errno.ENOENT.describe());
    }
    k.write(value);
  }

  /**
   * A {@code /proc/vmstat} value of the current kernel (a counter or a gauge such as {@code
   * nr_free_pages}).
   *
   * @throws IllegalArgumentException when the kernel has no such counter
   */
  public long vmstat(String name) {
    Long v = kernel().counters().value(name);
    if (v == null) {
      throw new IllegalArgumentException("no vmstat counter " + name);
    }
    return v;
  }

  /**
   * A {@code /proc/meminfo} field of the current kernel, in kB ({@code MemFree}, {@code
   * AnonHugePages}, ...).
   *
   * @throws IllegalArgumentException for a field the model does not track
   */
  public long meminfo(String field) {
    Map<String, Long> m = kernel().meminfo();
    Long v = m.get(field);
    if (v == null) {
      throw new IllegalArgumentException("no meminfo field " + field + " (fields: " + m.keySet());
    }
    return v;
  }

  /** The plugin instance in a slot of the current kernel, or {@code null} when it is empty. */
  public <T extends Plugin> T plugin(SlotId<T> slot) {
    return kernel().slots().slot(slot).get();
  }

  /** Detaches the current kernel's plugins; the harness cannot be used afterwards. */
  @Override
  public void close() {
    replaceKernel(null);
  }

  private void replaceKernel(Kernel next) {
    if (kernel != null) {
      kernel.shutdown();
    }
    kernel = next;
  }

  /** A kernel for {@code config} with every offered plugin applied. */
  private Kernel boot(KernelConfig config, boolean requireAll) {
    Kernel k = Kernel.create(config);
    k.events().setLogging(false);
    for (Offer o : offers) {
      k.slots().offer(SlotUpdate.added(new ManualProvider(o.slot, o.name, o.ranking, o.factory)));
    }
    k.slots().applyPending();
    if (requireAll) {
      for (Offer o : offers) {
        if (k.slots().slot(o.slot).isEmpty()) {
          String why =
              k.machine() == null && !o.slot.equals(Architecture.SLOT)
                  ? "no architecture has pinned the machine"
                  : k.slots().refusal(o.slot);
          k.shutdown();
          throw new IllegalStateException(
              "slot "
                  + o.slot.id()
                  + " stayed empty"
                  + (why == null ? "" : ": " + why)
                  + "; events: "
                  + k.events().events());
        }
      }
    }
    return k;
  }

  private record Offer(
      SlotId<?> slot, String name, int ranking, Supplier<? extends Plugin> factory) {}

  /**
   * Collects the plugins and the machine of a {@link KernelHarness}. Methods without a name offer
   * the plugin under its slot's id ({@code arch}, {@code allocator}, {@code thp-policy}, ...);
   * every convenience method offers it at ranking 0. Not thread-safe.
   */
  public static final class Builder {
    private final List<Offer> offers = new ArrayList<>();
    private long memoryBytes = 4L << 30;
    private long swapBytes;
    private String commandLine = "";
    private long seed;
    private KernelVersion kernel;
    private boolean debugVm = true;

    private Builder() {}

    /**
     * Offers a plugin for a slot: a fresh instance from {@code factory} for every kernel the
     * harness boots, named {@code name}, ranked {@code ranking}. Several plugins may be offered for
     * one slot; a scenario's {@code swap} step or {@code slots:} pin chooses by name.
     */
    public <T extends Plugin> Builder plugin(
        SlotId<T> slot, String name, int ranking, Supplier<? extends T> factory) {
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(factory, "factory");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a plugin needs a name");
      }
      offers.add(new Offer(slot, name, ranking, factory));
      return this;
    }

    public Builder arch(Supplier<? extends Architecture> factory) {
      return plugin(Architecture.SLOT, Architecture.SLOT.id(), 0, factory);
    }

    public Builder arch(String name, Supplier<? extends Architecture> factory) {
      return plugin(Architecture.SLOT, name, 0, factory);
    }

    public Builder allocator(Supplier<? extends PageAllocator> factory) {
      return plugin(PageAllocator.SLOT, PageAllocator.SLOT.id(), 0, factory);
    }

    public Builder allocator(String name, Supplier<? extends PageAllocator> factory) {
      return plugin(PageAllocator.SLOT, name, 0, factory);
    }

    public Builder thpPolicy(Supplier<? extends ThpPolicy> factory) {
      return plugin(ThpPolicy.SLOT, ThpPolicy.SLOT.id(), 0, factory);
    }

    public Builder thpPolicy(String name, Supplier<? extends ThpPolicy> factory) {
      return plugin(ThpPolicy.SLOT, name, 0, factory);
    }

    public Builder filesystem(String name, Supplier<? extends FileSystemType> factory) {
      return plugin(FileSystemType.SLOT, name, 0, factory);
    }

    public Builder relocation(String name, Supplier<? extends RelocationStrategy> factory) {
      return plugin(RelocationStrategy.SLOT, name, 0, factory);
    }

    /**
     * RAM of the kernel {@link #build()} boots, as a scenario writes it ({@code 256M}, {@code 4G});
     * 4G unless given. Runs take their scenario's {@code machine.memory} instead.
     */
    public Builder memory(String size) {
      this.memoryBytes = Sizes.parse(size);
      return this;
    }

    /** Swap of the kernel {@link #build()} boots, e.g. {@code 1G}; none unless given. */
    public Builder swap(String size) {
      this.swapBytes = Sizes.parse(size);
      return this;
    }

    /**
     * The kernel command line of the kernel {@link #build()} boots, e.g. {@code
     * transparent_hugepage=madvise}; runs take their scenario's {@code boot:} instead.
     */
    public Builder boot(String commandLine) {
      this.commandLine = Objects.requireNonNull(commandLine, "commandLine");
      return this;
    }

    /**
     * The Linux release the kernel {@link #build()} boots models, as a scenario's {@code
     * machine.kernel} writes it ({@code 5.8}, {@code 2.6.38}); the newest unless given. Runs take
     * their scenario's.
     *
     * @throws IllegalArgumentException when it names no release from 2.6.38 up
     */
    public Builder kernel(String release) {
      KernelVersion v = KernelReleases.parse(release);
      if (v == null) {
        throw new IllegalArgumentException(
            "bad kernel '" + release + "': expected " + KernelReleases.choices());
      }
      this.kernel = v;
      return this;
    }

    /** The seed of the kernel {@link #build()} boots; runs take their scenario's. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether runs check the model's invariants after every step (on unless turned off; off only
     * for very large machines).
     */
    public Builder debugVm(boolean on) {
      this.debugVm = on;
      return this;
    }

    /**
     * Boots the first kernel and checks that every plugin took its slot.
     *
     * @throws IllegalStateException naming the slot and the kernel's reason when one stayed empty
     *     (an architecture whose geometry cannot hold the memory, a plugin whose attach threw)
     * @throws IllegalArgumentException for a bad machine (memory not positive, say)
     */
    public KernelHarness build() {
      KernelHarness h =
          new KernelHarness(offers, RunOptions.defaults().withDebugVm(debugVm).withSlotWait(0));
      h.kernel =
          h.boot(
              new KernelConfig(memoryBytes, swapBytes, commandLine, seed).withKernel(kernel), true);
      return h;
    }
  }
}
