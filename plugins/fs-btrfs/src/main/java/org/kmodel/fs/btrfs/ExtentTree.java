package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extent tree: its current version, its commit root (what the last commit wrote, the version
 * relocation scans) and the delayed references waiting for the next commit to run them, kept as
 * Linux keeps them: one head per extent ({@code btrfs_delayed_ref_head} in the {@code href_root}
 * tree, by bytenr), each with its references in the order queued. A commit runs the heads in bytenr
 * order; what running one head does touches only its extent, so the order in which references to
 * different extents were queued is not state.
 */
final class ExtentTree {
  final TreeMap<Long, ExtentItem> current = new TreeMap<>();
  TreeMap<Long, ExtentItem> commitRoot = new TreeMap<>();
  final TreeMap<Long, List<DelayedRef>> delayedRefs = new TreeMap<>();

  /** Queues a reference change, run at the next commit. */
  void queue(long bytenr, long length, int delta, boolean alloc) {
    delayedRefs
        .computeIfAbsent(bytenr, b -> new ArrayList<>())
        .add(new DelayedRef(bytenr, length, delta, alloc));
  }

  /** The references queued, head by head. */
  int queued() {
    int n = 0;
    for (List<DelayedRef> head : delayedRefs.values()) {
      n += head.size();
    }
    return n;
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
    for (List<DelayedRef> head : delayedRefs.values()) {
      h.mix(head.size());
      for (DelayedRef r : head) {
        h.mix(r.bytenr()).mix(r.length()).mix(r.delta()).mix(r.alloc());
      }
    }
  }

  private static void hashItems(StateHash h, TreeMap<Long, ExtentItem> items) {
    h.mix(items.size());
    for (ExtentItem e : items.values()) {
      h.mix(e.bytenr()).mix(e.length()).mix(e.refs());
    }
  }
}
