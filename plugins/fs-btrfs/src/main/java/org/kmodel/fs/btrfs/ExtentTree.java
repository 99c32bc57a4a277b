package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extent tree: its current version, its commit root (what the last commit wrote, the version
 * relocation scans) and the delayed references waiting for the next commit to run them.
 */
final class ExtentTree {
  final TreeMap<Long, ExtentItem> current = new TreeMap<>();
  TreeMap<Long, ExtentItem> commitRoot = new TreeMap<>();
  final List<DelayedRef> delayedRefs = new ArrayList<>();

  /** Queues a reference change, run at the next commit. */
  void queue(long bytenr, long length, int delta, boolean alloc) {
    delayedRefs.add(new DelayedRef(bytenr, length, delta, alloc));
  }

  /** The commit root's first extent starting in {@code [from, to)}, or {@code null}. */
  ExtentItem committedFrom(long from, long to) {
    Map.Entry<Long, ExtentItem> e = commitRoot.ceilingEntry(from);
    return e != null && e.getKey() < to ? e.getValue() : null;
  }

  /** {@code switch_commit_roots}: the current tree becomes the commit root. */
  void switchCommitRoot() {
    commitRoot = new TreeMap<>(current);
  }

  void hash(StateHash h) {
    hashItems(h, current);
    hashItems(h, commitRoot);
    h.mix(delayedRefs.size());
    for (DelayedRef r : delayedRefs) {
      h.mix(r.bytenr()).mix(r.length()).mix(r.delta()).mix(r.alloc());
    }
  }

  private static void hashItems(StateHash h, TreeMap<Long, ExtentItem> items) {
    h.mix(items.size());
    for (ExtentItem e : items.values()) {
      h.mix(e.bytenr()).mix(e.length()).mix(e.refs());
    }
  }
}
