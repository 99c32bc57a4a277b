package org.kmodel.kernel.slot;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.SlotId;
import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.knob.KnobTree;

/**
 * The kernel's plugin slots and the implementations offered for each (rules 1 and 3 of the design).
 *
 * <p>Offers arrive from any thread through {@link #offer}; they are queued and applied only by
 * {@link #applyPending()} on the simulation thread, between two steps, so no step ever sees a
 * half-swapped kernel. A swap detaches the old implementation (its knobs disappear), attaches the
 * new one, and writes the old knob values into the new one's knobs of the same path where it
 * accepts them ("imports what it can"). A plugin that throws while attaching is refused and the
 * slot goes back to what it had. Every swap is logged and recorded in the event log.
 *
 * <p>Selection: the implementation pinned by name (a scenario's {@code slots:} or {@code swap}
 * step), else the highest {@code service.ranking}, ties going to the earliest registered. A pinned
 * name that no service answers to leaves the slot as it is if its occupant is still offered, and
 * empty otherwise — never silently another implementation.
 *
 * <p>The slots of {@link Slots#MACHINE_BOUND} (allocator, THP policy) attach to the machine the
 * architecture pins: they stay empty until an architecture is attached, and the kernel attaches
 * them again ({@link #reattachMachineBound}) when an architecture swap rebuilds the machine.
 */
@Singleton
public final class SlotTable {

  /** Checks whether a swap may happen now; returns a reason to refuse, or {@code null}. */
  public interface SwapVeto {
    String check(SlotId<?> slot, Plugin incoming);
  }

  private static final int ATTACHED = 0;
  private static final int FAILED = 1;
  private static final int VETOED = 2;

  private final EventLog events;
  private final KnobTree knobs;
  private final Map<SlotId<?>, PluginSlot<?>> slots = new LinkedHashMap<>();
  private final Map<SlotId<?>, List<PluginProvider>> offered = new HashMap<>();
  private final Map<SlotId<?>, String> pinned = new HashMap<>();
  private final Map<SlotId<?>, Object> owners = new HashMap<>();
  private final Set<Long> refused = new HashSet<>();
  private final Map<SlotId<?>, String> refusals = new HashMap<>();
  private final LinkedBlockingQueue<SlotUpdate> pending = new LinkedBlockingQueue<>();
  private final List<java.util.function.Consumer<SlotId<?>>> swapListeners = new ArrayList<>();
  private PluginContextFactory contexts;
  private SwapVeto veto = (slot, incoming) -> null;
  private Predicate<SlotId<?>> ready = slot -> true;

  @Inject
  public SlotTable(EventLog events, KnobTree knobs) {
    this.events = events;
    this.knobs = knobs;
    for (SlotId<?> s : Slots.ALL) {
      slots.put(s, new PluginSlot<>(s));
      offered.put(s, new ArrayList<>());
    }
  }

  /** Set once by the kernel before the first update is applied. */
  public void setContextFactory(PluginContextFactory contexts) {
    this.contexts = contexts;
  }

  public void setVeto(SwapVeto veto) {
    this.veto = veto;
  }

  /** Calls {@code listener} with the slot after every swap (simulation thread). */
  public void onSwap(java.util.function.Consumer<SlotId<?>> listener) {
    swapListeners.add(listener);
  }

  /** The holder of one slot. */
  @SuppressWarnings("unchecked")
  public <T extends Plugin> PluginSlot<T> slot(SlotId<T> slot) {
    PluginSlot<?> ps = slots.get(slot);
    if (ps == null) {
      throw new IllegalArgumentException("no slot " + slot.id());
    }
    return (PluginSlot<T>) ps;
  }

  /** Queues a change in what is offered. Safe from any thread. */
  public void offer(SlotUpdate update) {
    pending.add(update);
  }

  /** Whether updates are waiting to be applied. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * Applies every queued update (simulation thread only) and re-selects the slots they touched.
   *
   * @return whether any slot changed its occupant
   */
  public boolean applyPending() {
    Set<SlotId<?>> touched = new LinkedHashSet<>();
    Set<SlotId<?>> lost = new HashSet<>();
    for (SlotUpdate u = pending.poll(); u != null; u = pending.poll()) {
      List<PluginProvider> list = offered.get(u.provider().slot());
      long id = u.provider().id();
      if (u.kind() == SlotUpdate.Kind.ADDED) {
        list.add(u.provider());
      } else {
        list.removeIf(p -> p.id() == id);
        refused.remove(id);
        lost.add(u.provider().slot());
      }
      touched.add(u.provider().slot());
    }
    boolean changed = false;
    for (SlotId<?> s : Slots.ALL) {
      if (touched.contains(s)) {
        changed |= reselect(s, lost.contains(s) ? "service unregistered" : "service registered");
      }
    }
    return changed;
  }

  /**
   * Waits up to {@code millis} of wall-clock time for at least one update, then applies all that
   * arrived. Used while a run pauses on an empty slot or a swap waits for its target.
   *
   * @return whether an update arrived
   */
  public boolean awaitUpdates(long millis) throws InterruptedException {
    SlotUpdate first = pending.poll(millis, TimeUnit.MILLISECONDS);
    if (first == null) {
      return false;
    }
    List<SlotUpdate> rest = new ArrayList<>();
    pending.drainTo(rest);
    pending.add(first);
    pending.addAll(rest);
    applyPending();
    return true;
  }

  /**
   * Pins a slot to the implementation answering to {@code name} and re-selects it now.
   *
   * @return why the swap was refused (a veto, or the plugin failed to attach), or {@code null}
   */
  public String pin(SlotId<?> slot, String name, String reason) {
    String before = pinned.put(slot, name);
    refusals.remove(slot);
    reselect(slot, reason);
    String refusal = refusals.remove(slot);
    if (refusal != null) {
      if (before == null) {
        pinned.remove(slot);
      } else {
        pinned.put(slot, before);
      }
    }
    return refusal;
  }

  /** The implementations offered for a slot, best first. */
  public List<PluginProvider> offered(SlotId<?> slot) {
    List<PluginProvider> list = new ArrayList<>(offered.get(slot));
    list.sort(
        (a, b) ->
            a.ranking() != b.ranking()
                ? Integer.compare(b.ranking(), a.ranking())
                : Long.compare(a.id(), b.id()));
    return list;
  }

  /**
   * Takes the occupant of a slot out because it misbehaved (threw on a hot path), and selects the
   * next best implementation; the faulty provider is not chosen again while it stays registered.
   */
  public void evict(SlotId<?> slot, String why) {
    PluginProvider p = slots.get(slot).provider();
    if (p == null) {
      return;
    }
    refused.add(p.id());
    events.record(
        "warning",
        "plugin " + p.name() + " evicted from slot " + slot.id() + ": " + why,
        Map.of("slot", slot.id(), "plugin", p.name()));
    reselect(slot, "eviction");
  }

  /** Detaches every occupant (end of a run), in reverse slot order. */
  public void detachAll() {
    List<SlotId<?>> order = new ArrayList<>(Slots.ALL);
    java.util.Collections.reverse(order);
    for (SlotId<?> s : order) {
      PluginSlot<?> ps = slots.get(s);
      if (ps.get() != null) {
        detachQuietly(s, ps.get(), ps.provider());
        ps.provider().release(ps.get());
        ps.set(null, null);
      }
    }
  }

  /**
   * Decides whether a slot may be filled now; the kernel holds machine-bound slots back until an
   * architecture has pinned the machine. A slot held back stays empty without refusing anyone.
   */
  public void setReadiness(Predicate<SlotId<?>> ready) {
    this.ready = ready;
  }

  private PluginProvider choose(SlotId<?> slot) {
    if (!ready.test(slot)) {
      return null;
    }
    PluginSlot<?> ps = slots.get(slot);
    List<PluginProvider> candidates = offered(slot);
    candidates.removeIf(p -> refused.contains(p.id()));
    String name = pinned.get(slot);
    if (name != null) {
      for (PluginProvider p : candidates) {
        if (p.answersTo(name)) {
          return p;
        }
      }
      return candidates.contains(ps.provider()) ? ps.provider() : null;
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  private boolean reselect(SlotId<?> slot, String reason) {
    PluginProvider want = choose(slot);
    if (want == slots.get(slot).provider()) {
      return false;
    }
    return swapTo(slot, want, reason);
  }

  private boolean swapTo(SlotId<?> slot, PluginProvider want, String reason) {
    PluginSlot<?> ps = slots.get(slot);
    PluginProvider oldProvider = ps.provider();
    Plugin old = ps.get();
    Plugin incoming = null;
    if (want != null) {
      try {
        incoming = want.acquire();
      } catch (RuntimeException | LinkageError e) {
        return refuse(slot, want, null, "could not be instantiated: " + e);
      }
    }
    Map<String, String> carried = old == null ? Map.of() : knobValues(owners.get(slot));
    if (old != null) {
      detachQuietly(slot, old, oldProvider);
    }
    int outcome = incoming == null ? ATTACHED : attach(slot, incoming, want, carried);
    if (outcome != ATTACHED) {
      want.release(incoming);
      if (outcome == FAILED) {
        refused.add(want.id());
      }
      String why = refusals.get(slot);
      if (old != null && attach(slot, old, oldProvider, carried) == ATTACHED) {
        refusals.put(slot, why);
        return false;
      }
      if (old != null) {
        oldProvider.release(old);
      }
      ps.set(null, null);
      return true;
    }
    if (old != null) {
      oldProvider.release(old);
    }
    ps.set(incoming, want);
    recordSwap(slot, oldProvider, want, reason);
    swapListeners.forEach(l -> l.accept(slot));
    return true;
  }

  private boolean refuse(SlotId<?> slot, PluginProvider want, Plugin instance, String why) {
    refused.add(want.id());
    refusals.put(slot, want.name() + " " + why);
    events.record(
        "warning",
        "plugin " + want.describe() + " refused for slot " + slot.id() + ": " + why,
        Map.of("slot", slot.id(), "plugin", want.name()));
    if (instance != null) {
      want.release(instance);
    }
    return false;
  }

  /**
   * Attaches a plugin, then asks the veto (which may read what the plugin decided in attach, such
   * as an architecture's geometry after its boot parameters): {@link #ATTACHED}, {@link #FAILED}
   * (it threw; it is not chosen again) or {@link #VETOED} (detached again; it may be chosen later).
   */
  private int attach(
      SlotId<?> slot, Plugin plugin, PluginProvider from, Map<String, String> carried) {
    Object owner = new Object();
    PluginContext ctx = contexts.create(owner);
    try {
      plugin.attach(ctx);
    } catch (RuntimeException | LinkageError e) {
      contexts.release(owner);
      refusals.put(slot, from.name() + " failed to attach: " + e);
      events.record(
          "warning",
          "plugin " + from.describe() + " failed to attach to slot " + slot.id() + ": " + e,
          Map.of("slot", slot.id(), "plugin", from.name()));
      return FAILED;
    }
    String no = veto.check(slot, plugin);
    if (no != null) {
      try {
        plugin.detach();
      } catch (RuntimeException | LinkageError e) {
        events.record("warning", "plugin " + from.describe() + " threw while detaching: " + e);
      }
      contexts.release(owner);
      refusals.put(slot, no);
      events.record(
          "warning",
          "swap of " + slot.id() + " to " + from.name() + " refused: " + no,
          Map.of("slot", slot.id(), "to", from.name()));
      return VETOED;
    }
    owners.put(slot, owner);
    slots.get(slot).set(plugin, from);
    carryKnobs(owner, carried);
    return ATTACHED;
  }

  /**
   * Why {@code slot} is empty, for a message: refused, pinned to a name no active bundle offers
   * (with the names that are offered), or nothing offered at all.
   */
  public String whyEmpty(SlotId<?> slot) {
    String refusal = refusals.get(slot);
    if (refusal != null) {
      return "refused " + refusal;
    }
    String name = pinned.get(slot);
    List<String> names = offered(slot).stream().map(PluginProvider::name).distinct().toList();
    if (name != null && !names.isEmpty()) {
      return "it is pinned to '"
          + name
          + "', which no active bundle offers (offered: "
          + String.join(", ", names)
          + ")";
    }
    return "no active bundle provides "
        + slot.serviceType().getName()
        + (name != null ? " (the slot is pinned to '" + name + "')" : "");
  }

  /** Why the last attempt to fill {@code slot} was refused, or {@code null}. */
  public String refusal(SlotId<?> slot) {
    return refusals.get(slot);
  }

  /**
   * Attaches the machine-bound plugins to the machine the kernel has just pinned: occupants are
   * detached and attached again — with their knob values when the machine kept its geometry, afresh
   * when it was rebuilt (defaults such as {@code max_ptes_none} follow the page size) — and empty
   * slots are filled.
   */
  public void reattachMachineBound(boolean carryKnobs) {
    for (SlotId<?> bound : Slots.MACHINE_BOUND) {
      if (slots.get(bound).get() != null) {
        reattach(bound, carryKnobs);
      } else {
        reselect(bound, "architecture attached");
      }
    }
  }

  private void reattach(SlotId<?> slot, boolean carryKnobs) {
    PluginSlot<?> ps = slots.get(slot);
    Plugin p = ps.get();
    PluginProvider from = ps.provider();
    Map<String, String> carried = carryKnobs ? knobValues(owners.get(slot)) : Map.of();
    detachQuietly(slot, p, from);
    if (attach(slot, p, from, carried) != ATTACHED) {
      from.release(p);
      refused.add(from.id());
      ps.set(null, null);
      reselect(slot, "re-attach failed");
    }
  }

  private void detachQuietly(SlotId<?> slot, Plugin plugin, PluginProvider from) {
    try {
      plugin.detach();
    } catch (RuntimeException | LinkageError e) {
      events.record(
          "warning",
          "plugin " + from.describe() + " threw while detaching from " + slot.id() + ": " + e,
          Map.of("slot", slot.id(), "plugin", from.name()));
    }
    Object owner = owners.remove(slot);
    if (owner != null) {
      contexts.release(owner);
    }
  }

  private Map<String, String> knobValues(Object owner) {
    Map<String, String> values = new LinkedHashMap<>();
    if (owner != null) {
      for (Knob k : knobs.ownedBy(owner)) {
        values.put(k.path(), k.value());
      }
    }
    return values;
  }

  private void carryKnobs(Object owner, Map<String, String> values) {
    for (Knob k : knobs.ownedBy(owner)) {
      String v = values.get(k.path());
      if (v != null && !v.equals(k.value())) {
        try {
          k.write(v);
        } catch (org.kmodel.api.knob.KnobException | RuntimeException e) {
          events.record("warning", "knob " + k.path() + " not carried over: " + e.getMessage());
        }
      }
    }
  }

  private void recordSwap(SlotId<?> slot, PluginProvider from, PluginProvider to, String reason) {
    String fromName = from == null ? "(empty)" : from.name();
    String toName = to == null ? "(empty)" : to.name();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("slot", slot.id());
    data.put("from", fromName);
    data.put("to", toName);
    data.put("reason", reason);
    if (to != null) {
      data.put("bundle", to.bundle());
      data.put("version", to.bundleVersion());
    }
    events.record(
        "swap",
        slot.id()
            + ": "
            + (from == null ? "(empty)" : from.describe())
            + " -> "
            + (to == null ? "(empty)" : to.describe())
            + " ["
            + reason
            + "]",
        data);
  }
}
