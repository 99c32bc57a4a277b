package org.kmodel.api.fs;

import java.util.Set;

/**
 * The shared objects one step reads and writes, as the explorer's partial-order reduction sees
 * them: two steps of different tasks are independent — either order reaches the same state — when
 * neither writes an object the other reads or writes. Objects are named from a small vocabulary
 * (docs/FILESYSTEM.md): {@code bg:<start>} a block group's space and reservations, {@code
 * inode:<path>} a file's extents, data and ordered extents, {@code extent-tree}, {@code
 * transaction}, {@code chunk-map}, {@code relocation}.
 *
 * <p>A footprint must over-approximate: it names at least everything the step's guard, its body and
 * the choice of its task's next step read or write. {@link #EVERYTHING} conflicts with every step;
 * it is what a step that declares nothing has.
 *
 * @param reads objects read
 * @param writes objects written (a written object counts as read too)
 */
public record Footprint(Set<String> reads, Set<String> writes) {

  /** Conflicts with every step: the sound default. */
  public static final Footprint EVERYTHING = new Footprint(null, null);

  public Footprint {
    reads = reads == null ? null : Set.copyOf(reads);
    writes = writes == null ? null : Set.copyOf(writes);
  }

  /** A step that reads {@code reads} and writes {@code writes}. */
  public static Footprint of(Set<String> reads, Set<String> writes) {
    return new Footprint(reads, writes);
  }

  public boolean everything() {
    return reads == null;
  }

  /** Whether the two steps may not commute: one writes what the other touches. */
  public boolean conflicts(Footprint other) {
    if (everything() || other.everything()) {
      return true;
    }
    for (String w : writes) {
      if (other.reads.contains(w) || other.writes.contains(w)) {
        return true;
      }
    }
    for (String w : other.writes) {
      if (reads.contains(w)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return everything() ? "everything" : "reads " + reads + " writes " + writes;
  }
}
