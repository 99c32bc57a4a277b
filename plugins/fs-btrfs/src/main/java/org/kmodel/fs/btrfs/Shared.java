package org.kmodel.fs.btrfs;

import java.util.HashSet;
import java.util.Set;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.Footprint;

/**
 * The names of the shared objects steps declare in their footprints (docs/FILESYSTEM.md, "The
 * footprint vocabulary"). Objects that only steps declaring {@link Footprint#EVERYTHING} change —
 * the inode table, the removed chunks, balance — have no name.
 */
final class Shared {
  /** The ordered extents: added by a write's bio submission, removed by its completion. */
  static final String ORDERED = "ordered";

  /** The delayed ref queue, run by a commit. */
  static final String DELAYED_REFS = "delayed-refs";

  /** The extent tree and its commit root. */
  static final String EXTENT_TREE = "extent-tree";

  /** The running transaction: whether there is one, and its commit state. */
  static final String TRANSACTION = "transaction";

  /** The running transaction's {@code num_writers} and {@code num_extwriters}. */
  static final String TRANSACTION_WRITERS = "transaction-writers";

  /** The device's chunk allocations: where the next chunk of any type goes. */
  static final String CHUNK_MAP = "chunk-map";

  /** The running relocations (who holds which block group). */
  static final String RELOCATION = "relocation";

  private Shared() {}

  /** A file: its extent items, delalloc, io-tree locks and the data last written to it. */
  static String inode(String path) {
    return "inode:" + path;
  }

  /** The data on disk of the extent starting at {@code bytenr}. */
  static String data(long bytenr) {
    return "data:" + bytenr;
  }

  /**
   * The allocation state of every block group of {@code type}: free, reserved, used and pinned
   * space, the read-only count, and chunks allocated for that type.
   */
  static String space(BlockGroupType type) {
    return "space:" + type;
  }

  /** A block group's {@code reservations} and {@code nocow_writers} counters. */
  static String writers(long groupStart) {
    return "writers:" + groupStart;
  }

  /** The counters of every block group of {@code type}. */
  static Set<String> allWriters(Btrfs fs, BlockGroupType type) {
    Set<String> out = new HashSet<>();
    for (BlockGroup g : fs.groups.values()) {
      if (g.type == type) {
        out.add(writers(g.start));
      }
    }
    return out;
  }

  /** Reserving an extent of {@code type} anywhere, perhaps in a chunk allocated for it. */
  static Footprint allocation(Btrfs fs, BlockGroupType type) {
    return Footprint.of(Set.of(), Set.of(space(type), CHUNK_MAP), allWriters(fs, type));
  }

  /** Opening a transaction handle: reads the commit state, begins a transaction if none runs. */
  static Footprint openHandle(Btrfs fs) {
    return fs.running == null
        ? Footprint.of(Set.of(), Set.of(TRANSACTION), Set.of(TRANSACTION_WRITERS))
        : Footprint.of(Set.of(TRANSACTION), Set.of(), Set.of(TRANSACTION_WRITERS));
  }

  /** Closing one: the writer counts go down. */
  static final Footprint CLOSE_HANDLE =
      Footprint.of(Set.of(), Set.of(), Set.of(TRANSACTION_WRITERS));
}
