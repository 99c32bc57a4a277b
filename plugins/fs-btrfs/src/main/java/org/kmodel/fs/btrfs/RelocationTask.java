package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.RelocationPrimitive;
import org.kmodel.api.fs.RelocationStrategy;

/**
 * {@code btrfs_relocate_block_group} driven by a recipe: the strategy attached when the task starts
 * names the primitives, each of which becomes one or more guarded steps (every wait a step whose
 * guard is the condition). The recipe is kept to the end even if the strategy is swapped.
 */
final class RelocationTask extends Program {
  private final Btrfs fs;
  private final long groupStart;
  private final Consumer<RelocationControl.Outcome> onEnd;
  private RelocationControl rc;
  private boolean started;
  private boolean finished;
  private int index;

  RelocationTask(Btrfs fs, long groupStart, Consumer<RelocationControl.Outcome> onEnd) {
    this.fs = fs;
    this.groupStart = groupStart;
    this.onEnd = onEnd;
  }

  @Override
  protected FsTask proceed() {
    if (!started) {
      started = true;
      BlockGroup g = fs.groups.get(groupStart);
      RelocationStrategy strategy = fs.ctx.relocation();
      if (g == null || strategy == null) {
        String why =
            g == null ? "no such block group" : "no relocation strategy attached, not relocated";
        return Step.of(
                "relocate " + fs.groupName(groupStart) + ": " + why,
                () -> {
                  fs.ctx.event("relocation", fs.groupName(groupStart) + ": " + why);
                  onEnd.accept(RelocationControl.Outcome.FAILED);
                  return null;
                })
            .once();
      }
      rc = new RelocationControl(g, strategy.recipe(g.info()));
    }
    if (rc == null || rc.ended) {
      return null;
    }
    if (index < rc.recipe.size()) {
      return primitive(rc.recipe.get(index++));
    }
    if (!finished) {
      finished = true;
      return step(
          () -> "finish relocation of " + fs.groupName(groupStart) + ": set writable",
          () -> true,
          g -> {
            end(g);
            onEnd.accept(RelocationControl.Outcome.KEPT);
            return null;
          },
          () -> Footprint.EVERYTHING);
    }
    return null;
  }

  private FsTask primitive(RelocationPrimitive p) {
    String bg = fs.groupName(groupStart);
    return switch (p) {
      case SET_READ_ONLY ->
          step(
              () -> "set " + bg + " read-only",
              () -> true,
              this::setReadOnly,
              () ->
                  fs.readOnlyWouldFail(group())
                      ? Footprint.EVERYTHING
                      : Footprint.of(
                          Set.of(), Set.of(Shared.space(group().type), Shared.CHUNK_MAP)));
      case CREATE_RELOCATION_INODE ->
          step(
              () -> "create relocation inode for " + bg,
              () -> true,
              g -> "ino " + rc.ensureRelocInode().ino,
              () -> Footprint.NOTHING);
      case FLUSH_ALL_DELALLOC -> flushAllDelalloc();
      case WAIT_ALL_ORDERED_EXTENTS -> waitOrderedRoots(false);
      case WAIT_RESERVATIONS ->
          step(
              () -> "wait_block_group_reservations: " + bg + " reservations == 0",
              () ->
                  group() == null
                      || group().type != BlockGroupType.DATA
                      || group().reservations == 0,
              g -> null,
              this::readsWriters);
      case WAIT_NOCOW_WRITERS ->
          step(
              () -> "wait_nocow_writers: " + bg + " nocow_writers == 0",
              () -> group() == null || group().nocowWriters == 0,
              g -> null,
              this::readsWriters);
      case WAIT_ORDERED_EXTENTS_IN_RANGE -> waitOrderedRoots(true);
      case RELOCATE_PASSES ->
          new Program() {
            private boolean given;

            @Override
            protected FsTask proceed() {
              if (given) {
                return null;
              }
              given = true;
              return new RelocatePasses(fs, rc, RelocationTask.this);
            }
          };
      case REMOVE_CHUNK ->
          step(
              () -> "remove chunk " + groupStart,
              () -> true,
              this::removeChunk,
              () -> Footprint.EVERYTHING);
    };
  }

  private BlockGroup group() {
    return fs.groups.get(groupStart);
  }

  private Footprint readsWriters() {
    return Footprint.of(Set.of(Shared.writers(groupStart)), Set.of());
  }

  /**
   * What every step of the relocation touches besides its work: the registration its first step
   * makes; and everything when it would fail (another relocation holds the group, or the group is
   * gone), since failing undoes what the relocation did.
   */
  Footprint registration() {
    if (group() == null || !rc.registered && fs.relocations.containsKey(groupStart)) {
      return Footprint.EVERYTHING;
    }
    return rc.registered ? Footprint.NOTHING : Footprint.of(Set.of(), Set.of(Shared.RELOCATION));
  }

  /**
   * A step of the recipe: {@code work} is what its guard and body touch when it does not fail (see
   * {@link #registration()}).
   */
  private FsTask step(
      Supplier<String> description,
      BooleanSupplier guard,
      Function<BlockGroup, String> body,
      Supplier<Footprint> work) {
    return Step.guarded(
            description,
            guard,
            () -> {
              if (!begin()) {
                return "already being relocated";
              }
              BlockGroup g = group();
              if (g == null) {
                fail(RelocationControl.Outcome.FAILED, fs.groupName(groupStart) + " is gone");
                return "gone";
              }
              return body.apply(g);
            })
        .touching(
            () -> {
              Footprint r = registration();
              return r.everything() ? r : r.plus(work.get());
            })
        .once();
  }

  /** Registers the relocation when its first step runs; false if another one holds the group. */
  boolean begin() {
    if (rc.registered) {
      return true;
    }
    if (fs.relocations.containsKey(groupStart)) {
      fail(
          RelocationControl.Outcome.FAILED,
          fs.groupName(groupStart) + " is already being relocated");
      return false;
    }
    rc.registered = true;
    fs.relocations.put(groupStart, rc);
    fs.stats.inc(Stats.RELOCATIONS_STARTED);
    fs.ctx.event(
        "relocation",
        "relocating " + fs.groupName(groupStart) + " flags " + rc.type.name().toLowerCase());
    return true;
  }

  private String setReadOnly(BlockGroup g) {
    if (!fs.incReadOnly(g)) {
      fail(
          RelocationControl.Outcome.ENOSPC,
          "unable to set "
              + fs.groupName(groupStart)
              + " read-only: no space for "
              + g.used
              + " bytes elsewhere");
      return "ENOSPC";
    }
    rc.readOnly = true;
    return "ro " + g.ro;
  }

  private FsTask flushAllDelalloc() {
    return new Program() {
      private int part;

      @Override
      protected FsTask proceed() {
        return switch (part++) {
          case 0 ->
              step(
                  () -> "start_delalloc_roots: flush delalloc of all inodes",
                  () -> true,
                  g -> {
                    List<Inode> dirty = new ArrayList<>();
                    for (Inode inode : fs.inodes.values()) {
                      if (!inode.delalloc.isEmpty()) {
                        dirty.add(inode);
                      }
                    }
                    rc.flushInodes = dirty;
                    return dirty.size() + " inodes with delalloc";
                  },
                  () -> Footprint.EVERYTHING);
          case 1 ->
              rc.ended
                  ? null
                  : new WritebackTask(
                      fs, WritePiece.Source.RELOCATION_FLUSH, List.copyOf(rc.flushInodes), false);
          default -> null;
        };
      }
    };
  }

  /**
   * {@code btrfs_wait_ordered_roots}: splices off the ordered extents that exist now (of the whole
   * filesystem, or since 4.7's 578def7c50f2 only those overlapping the group) and waits for those
   * alone; one created after the splice is not waited for.
   */
  private FsTask waitOrderedRoots(boolean inRange) {
    String scope = inRange ? "in [" + groupStart + ", " + rc.groupEnd() + ")" : "of all roots";
    return new Program() {
      private int part;

      @Override
      protected FsTask proceed() {
        return switch (part++) {
          case 0 ->
              step(
                  () -> "btrfs_wait_ordered_roots: splice the ordered extents " + scope,
                  () -> true,
                  g -> {
                    rc.orderedWait.clear();
                    fs.ordered.forEach(
                        (id, oe) -> {
                          if (!inRange || oe.overlapsDisk(groupStart, rc.groupEnd())) {
                            rc.orderedWait.add(id);
                          }
                        });
                    return rc.orderedWait.size() + " to wait for";
                  },
                  () -> Footprint.of(Set.of(Shared.ORDERED), Set.of()));
          case 1 ->
              rc.ended
                  ? null
                  : step(
                      () -> "btrfs_wait_ordered_roots: wait for the spliced ordered extents",
                      () -> rc.orderedWait.stream().noneMatch(fs.ordered::containsKey),
                      g -> {
                        rc.orderedWait.clear();
                        return null;
                      },
                      () -> Footprint.of(Set.of(Shared.ORDERED), Set.of()));
          default -> null;
        };
      }
    };
  }

  private String removeChunk(BlockGroup g) {
    String result = DataRelocation.removeChunk(fs, rc, g);
    fs.relocations.remove(groupStart);
    rc.ended = true;
    fs.stats.inc(Stats.RELOCATIONS_FINISHED);
    onEnd.accept(RelocationControl.Outcome.RELOCATED);
    return result;
  }

  /** Ends the relocation without removing the chunk: writable again, relocation inode dropped. */
  private void end(BlockGroup g) {
    if (rc.registered) {
      if (rc.readOnly && g != null) {
        g.ro--;
      }
      DataRelocation.dropRelocInode(fs, rc);
      fs.relocations.remove(groupStart);
    }
    rc.ended = true;
  }

  /** Ends the relocation on an error, reported as an event. */
  void fail(RelocationControl.Outcome outcome, String message) {
    end(group());
    if (outcome == RelocationControl.Outcome.ENOSPC) {
      fs.enospc(message);
      fs.stats.inc(Stats.RELOCATION_ENOSPC);
    } else {
      fs.ctx.event("relocation", message);
    }
    onEnd.accept(outcome);
  }
}
