package org.kmodel.fs.btrfs;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsTask;

/**
 * The passes of {@code btrfs_relocate_block_group}: a MOVE_DATA_EXTENTS pass (commit, one turn per
 * extent of the group in the extent tree's commit root copying it into the relocation inode,
 * commit), then UPDATE_DATA_PTRS passes (commit, one turn per extent pointing its file extent items
 * at the copy, commit) until a pass finds no extent the earlier passes had not seen. A MOVE pass
 * that finds nothing ends the relocation's passes at once. Each turn runs under a handle of its
 * own, and every commit is a {@link CommitTask}, so the commits wait for writers' open handles.
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
          new CommitTask(
              fs,
              rc.stage + ": prepare_to_relocate: ",
              this::check,
              this::prepared,
              owner::registration);
      case WALK -> walkOne();
      case END ->
          new CommitTask(
              fs, rc.stage + ": end of pass: ", null, this::endPass, owner::registration);
      case DONE -> null;
    };
  }

  /** Why the pass cannot start (another relocation holds the group, or it is gone), or null. */
  private String check() {
    if (!owner.begin()) {
      return "already being relocated";
    }
    if (!fs.groups.containsKey(rc.groupStart)) {
      owner.fail(RelocationControl.Outcome.FAILED, fs.groupName(rc.groupStart) + " is gone");
      return "gone";
    }
    return null;
  }

  private String prepared() {
    rc.cursor = rc.groupStart;
    rc.foundThisPass.clear();
    rc.phase = RelocationControl.Phase.WALK;
    return null;
  }

  /**
   * One turn of {@code relocate_block_group}'s loop: {@code btrfs_start_transaction}, {@code
   * find_next_extent} in the commit root and the work on what it found, {@code
   * btrfs_end_transaction_throttle}. A turn that finds nothing ends the walk.
   */
  private FsTask walkOne() {
    Handle handle = Handle.start(fs);
    String who = "relocate_block_group " + rc.stage;
    return new Program() {
      private int part;

      @Override
      protected FsTask proceed() {
        return switch (part++) {
          case 0 -> handle.open(who).once();
          case 1 ->
              Step.of(RelocatePasses.this::describeWalk, RelocatePasses.this::walk)
                  .touching(RelocatePasses.this::walkFootprint)
                  .once();
          case 2 -> Step.of(() -> "btrfs_end_transaction_throttle: " + who, handle::doClose).once();
          default -> null;
        };
      }
    };
  }

  private String describeWalk() {
    ExtentItem e = fs.extentTree.committedFrom(rc.cursor, rc.groupEnd());
    if (e == null) {
      return rc.stage + ": find_next_extent: no extent left in the commit root";
    }
    String what =
        rc.stage == RelocationControl.Stage.MOVE_DATA_EXTENTS
            ? "find_next_extent: copy extent "
                + e.bytenr()
                + " len "
                + e.length()
                + " into the relocation inode"
            : "find_next_extent: point references of extent "
                + e.bytenr()
                + " len "
                + e.length()
                + " at its copy";
    return rc.stage + ": " + what;
  }

  /**
   * A turn reads the extent tree's commit root. A copy reads the extent's data and allocates (the
   * copy's own data is reachable by no file until its references are updated); an update rewrites
   * the items of every file that points at the extent. Both queue delayed refs. A copy that would
   * need a new chunk, or fail and end the relocation, declares everything.
   */
  private Footprint walkFootprint() {
    ExtentItem e = fs.extentTree.committedFrom(rc.cursor, rc.groupEnd());
    Footprint scan = Footprint.of(Set.of(Shared.EXTENT_TREE), Set.of());
    if (e == null) {
      return scan;
    }
    if (rc.stage == RelocationControl.Stage.UPDATE_DATA_PTRS) {
      Set<String> files = new HashSet<>();
      for (Inode inode : fs.inodes.values()) {
        for (Map.Entry<Long, FileExtent> item : inode.extents.entrySet()) {
          if (item.getValue().diskBytenr() == e.bytenr()) {
            files.add(Shared.inode(inode.path));
          }
        }
      }
      return scan.plus(Footprint.of(Set.of(), files, Set.of(Shared.DELAYED_REFS)));
    }
    if (rc.relocInode != null && rc.relocInode.extents.containsKey(e.bytenr() - rc.groupStart)) {
      return scan;
    }
    if (!fs.fitsInAGroup(e.length(), BlockGroupType.DATA)) {
      return Footprint.EVERYTHING;
    }
    return scan.plus(Shared.allocation(fs, BlockGroupType.DATA))
        .plus(Footprint.of(Set.of(Shared.data(e.bytenr())), Set.of(), Set.of(Shared.DELAYED_REFS)));
  }

  private String walk() {
    ExtentItem e = fs.extentTree.committedFrom(rc.cursor, rc.groupEnd());
    if (e == null) {
      rc.phase = RelocationControl.Phase.END;
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
    return "found " + found + " extents";
  }
}
