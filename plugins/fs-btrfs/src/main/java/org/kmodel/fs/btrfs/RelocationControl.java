package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.RelocationPrimitive;

/**
 * A running relocation ({@code reloc_control}): the group, the recipe it started with, the
 * relocation inode receiving the copies, and where its passes stand.
 */
final class RelocationControl {
  /** {@code rc->stage}. */
  enum Stage {
    MOVE_DATA_EXTENTS,
    UPDATE_DATA_PTRS
  }

  /**
   * Where a pass stands: its opening commit, its walk of the commit root, its closing commit, or
   * all passes done.
   */
  enum Phase {
    PREPARE,
    WALK,
    END,
    DONE
  }

  /** How a relocation ended. */
  enum Outcome {
    RELOCATED,
    KEPT,
    ENOSPC,
    FAILED
  }

  /** The relocation inode's number ({@code BTRFS_FIRST_FREE_OBJECTID} of the data reloc tree). */
  static final long RELOC_INO = 256;

  final long groupStart;
  final long groupLength;
  final BlockGroupType type;
  final List<RelocationPrimitive> recipe;
  Inode relocInode;
  List<Inode> flushInodes = new ArrayList<>();
  Stage stage = Stage.MOVE_DATA_EXTENTS;
  Phase phase = Phase.PREPARE;
  int pass;
  long cursor;
  final TreeSet<Long> foundThisPass = new TreeSet<>();
  final TreeSet<Long> seen = new TreeSet<>();

  /** The ordered extents {@code btrfs_wait_ordered_roots} spliced off and waits for. */
  final TreeSet<Long> orderedWait = new TreeSet<>();

  boolean registered;
  boolean readOnly;
  boolean ended;

  RelocationControl(BlockGroup group, List<RelocationPrimitive> recipe) {
    this.groupStart = group.start;
    this.groupLength = group.length;
    this.type = group.type;
    this.recipe = List.copyOf(recipe);
  }

  long groupEnd() {
    return groupStart + groupLength;
  }

  Inode ensureRelocInode() {
    if (relocInode == null) {
      relocInode =
          new Inode(RELOC_INO, "<relocation inode of block group " + groupStart + ">", false);
    }
    return relocInode;
  }

  void hash(StateHash h) {
    h.mix(groupStart).mix(recipe.size());
    recipe.forEach(p -> h.mix(p.ordinal()));
    h.mix(relocInode != null);
    if (relocInode != null) {
      relocInode.hash(h);
    }
    h.mix(flushInodes.size());
    flushInodes.forEach(i -> h.mix(i.ino));
    h.mix(stage.ordinal()).mix(phase.ordinal()).mix(pass).mix(cursor);
    h.mix(foundThisPass.size());
    foundThisPass.forEach(h::mix);
    h.mix(seen.size());
    seen.forEach(h::mix);
    h.mix(orderedWait.size());
    orderedWait.forEach(h::mix);
    h.mix(readOnly).mix(ended);
  }
}
