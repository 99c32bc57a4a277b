package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.FsTask;

/**
 * The passes of {@code btrfs_relocate_block_group}: a MOVE_DATA_EXTENTS pass (commit, one step per
 * extent of the group in the extent tree's commit root copying it into the relocation inode,
 * commit), then UPDATE_DATA_PTRS passes (commit, one step per extent pointing its file extent items
 * at the copy, commit) until a pass finds no extent the earlier passes had not seen. A MOVE pass
 * that finds nothing ends the relocation's passes at once.
 */
final class RelocatePasses extends Program {
  private final Btrfs fs;
  private final RelocationControl rc;
  private final RelocationTask owner;

  RelocatePasses(Btrfs fs, RelocationControl rc, RelocationTask owner) {
    this.fs = fs;
    this.rc = rc;
    this.owner = owner;
  }

  @Override
  protected FsTask proceed() {
    if (rc.ended) {
      return null;
    }
    return switch (rc.phase) {
      case PREPARE ->
          Step.of(() -> rc.stage + ": prepare_to_relocate commit", this::prepare).once();
      case WALK ->
          fs.extentTree.committedFrom(rc.cursor, rc.groupEnd()) != null
              ? Step.of(this::describeWalk, this::walk).once()
              : Step.of(() -> rc.stage + ": end-of-pass commit", this::endPass).once();
      case DONE -> null;
    };
  }

  private String prepare() {
    if (!owner.begin()) {
      return "already being relocated";
    }
    if (!fs.groups.containsKey(rc.groupStart)) {
      owner.fail(RelocationControl.Outcome.FAILED, fs.groupName(rc.groupStart) + " is gone");
      return "gone";
    }
    String result = fs.commitTransaction();
    rc.cursor = rc.groupStart;
    rc.foundThisPass.clear();
    rc.phase = RelocationControl.Phase.WALK;
    return result;
  }

  private String describeWalk() {
    ExtentItem e = fs.extentTree.committedFrom(rc.cursor, rc.groupEnd());
    if (e == null) {
      return rc.stage + ": no extent left in the commit root";
    }
    String what =
        rc.stage == RelocationControl.Stage.MOVE_DATA_EXTENTS
            ? "copy extent " + e.bytenr() + " len " + e.length() + " into the relocation inode"
            : "point references of extent " + e.bytenr() + " len " + e.length() + " at its copy";
    return rc.stage + ": " + what;
  }

  private String walk() {
    ExtentItem e = fs.extentTree.committedFrom(rc.cursor, rc.groupEnd());
    if (e == null) {
      return null;
    }
    rc.cursor = e.bytenr() + e.length();
    rc.foundThisPass.add(e.bytenr());
    if (rc.stage == RelocationControl.Stage.UPDATE_DATA_PTRS) {
      return DataRelocation.updateDataPtrs(fs, rc, e);
    }
    String copied = DataRelocation.copyExtent(fs, rc, e);
    if (copied == null) {
      owner.fail(
          RelocationControl.Outcome.ENOSPC,
          "relocation of "
              + fs.groupName(rc.groupStart)
              + ": no space to copy extent "
              + e.bytenr()
              + " len "
              + e.length());
      return "ENOSPC";
    }
    return copied;
  }

  private String endPass() {
    String result = fs.commitTransaction();
    fs.stats.inc(Stats.RELOCATION_PASSES);
    int found = rc.foundThisPass.size();
    if (found > 0) {
      fs.ctx.event("relocation", "found " + found + " extents");
    }
    boolean fresh = !rc.seen.containsAll(rc.foundThisPass);
    rc.seen.addAll(rc.foundThisPass);
    if (rc.stage == RelocationControl.Stage.MOVE_DATA_EXTENTS) {
      rc.stage = RelocationControl.Stage.UPDATE_DATA_PTRS;
      rc.phase = found == 0 ? RelocationControl.Phase.DONE : RelocationControl.Phase.PREPARE;
    } else {
      rc.phase = fresh ? RelocationControl.Phase.PREPARE : RelocationControl.Phase.DONE;
    }
    rc.pass++;
    return result + ", found " + found + " extents";
  }
}
