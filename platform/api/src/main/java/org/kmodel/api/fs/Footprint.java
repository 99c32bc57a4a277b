package org.kmodel.api.fs;

import java.util.Set;

/**
 * The shared objects one step reads, writes and updates, as the explorer's partial-order reduction
 * sees them: two steps of different tasks are independent — either order reaches the same state,
 * and neither enables or disables the other — when neither writes an object the other touches and
 * neither updates an object the other reads or writes. Objects are named from a small vocabulary
 * (docs/FILESYSTEM.md), e.g. {@code space:DATA}, {@code writers:<start>}, {@code inode:<path>},
 * {@code data:<bytenr>}, {@code ordered}, {@code delayed-refs}, {@code transaction}.
 *
 * <p>An update is a change that commutes with every other update of the same object — a counter
 * incremented or decremented, an item added to or removed from a set by its owner — and that the
 * step itself does not read: two updates of one object are independent, an update and a read are
 * not.
 *
 * <p>A footprint must over-approximate in the state it is asked in: it names at least everything
 * the step's guard, its body and the choice of its task's next step read or change. An object that
 * only steps with {@link #EVERYTHING} change need not be named. {@link #EVERYTHING} conflicts with
 * every step; it is what a step that declares nothing has.
 *
 * @param reads objects read
 * @param writes objects written (a written object counts as read too)
 * @param updates objects updated commutatively
 */
public record Footprint(Set<String> reads, Set<String> writes, Set<String> updates) {

  /** Conflicts with every step: the sound default. */
  public static final Footprint EVERYTHING = new Footprint(null, null, null);

  /** Touches nothing shared: independent of every step but those of its own task. */
  public static final Footprint NOTHING = new Footprint(Set.of(), Set.of(), Set.of());

  public Footprint {
    reads = reads == null ? null : Set.copyOf(reads);
    writes = writes == null ? null : Set.copyOf(writes);
    updates = reads == null ? null : updates == null ? Set.of() : Set.copyOf(updates);
  }

  /** A step that reads {@code reads} and writes {@code writes}, updating nothing. */
  public Footprint(Set<String> reads, Set<String> writes) {
    this(reads, writes, Set.of());
  }

  /** A step that reads {@code reads} and writes {@code writes}. */
  public static Footprint of(Set<String> reads, Set<String> writes) {
    return new Footprint(reads, writes, Set.of());
  }

  /** A step that reads {@code reads}, writes {@code writes} and updates {@code updates}. */
  public static Footprint of(Set<String> reads, Set<String> writes, Set<String> updates) {
    return new Footprint(reads, writes, updates);
  }

  public boolean everything() {
    return reads == null;
  }

  /** Whether the step reads, writes or updates {@code object}. */
  public boolean touches(String object) {
    return everything()
        || reads.contains(object)
        || writes.contains(object)
        || updates.contains(object);
  }

  /** Whether the step writes or updates {@code object}. */
  public boolean changes(String object) {
    return everything() || writes.contains(object) || updates.contains(object);
  }

  /** Whether the two steps may not commute: see the class comment. */
  public boolean conflicts(Footprint other) {
    if (everything() || other.everything()) {
      return true;
    }
    for (String w : writes) {
      if (other.touches(w)) {
        return true;
      }
    }
    for (String w : other.writes) {
      if (reads.contains(w) || updates.contains(w)) {
        return true;
      }
    }
    for (String u : updates) {
      if (other.reads.contains(u)) {
        return true;
      }
    }
    for (String u : other.updates) {
      if (reads.contains(u)) {
        return true;
      }
    }
    return false;
  }

  /** Both footprints at once: what a step that does the work of both touches. */
  public Footprint plus(Footprint other) {
    if (everything() || other.everything()) {
      return EVERYTHING;
    }
    return new Footprint(
        union(reads, other.reads), union(writes, other.writes), union(updates, other.updates));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    java.util.Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }

  @Override
  public String toString() {
    return everything()
        ? "everything"
        : "reads " + reads + " writes " + writes + (updates.isEmpty() ? "" : " updates " + updates);
  }
}
