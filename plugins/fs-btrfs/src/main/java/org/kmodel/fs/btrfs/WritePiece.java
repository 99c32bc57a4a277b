package org.kmodel.fs.btrfs;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * One extent of a write: (A) {@code can_nocow} with {@code nocow_writers++}, or {@code
 * find_free_extent} with {@code reservations++}; (B) the ordered extent is created and the bio
 * submitted (the data is on disk from here: the bio's own completion changes nothing else the model
 * tracks), and the counter taken in A dropped. Neither holds a transaction handle (Linux 3.14,
 * 00361589d2ee "Btrfs: avoid starting a transaction in the write path"). B hands the completion to
 * a worker of its own, as the bio's end_io queues {@code finish_ordered_fn} on the endio-write
 * workqueue: (C) {@code btrfs_join_transaction}; (D) {@code btrfs_finish_ordered_io} writes the
 * file extent item and queues the delayed ref (COW) or marks the prealloc item written (NOCOW); (E)
 * {@code btrfs_end_transaction}, then the ordered extent is removed. So a writer's pieces complete
 * in whatever order the scheduler picks, interleaved with every other task, and a commit waits for
 * a completion that has joined its transaction. A direct write takes the piece from its own range;
 * a writeback takes the first unclaimed delalloc run and claims it (pages locked) from A to B.
 */
final class WritePiece implements FsTask {
  /** Who writes: O_DIRECT, fsync's writeback, or relocation's delalloc flush. */
  enum Source {
    DIRECT,
    WRITEBACK,
    RELOCATION_FLUSH
  }

  private final Btrfs fs;
  private final Source source;
  private final Inode inode;
  private final long from;
  private final long to;
  private final int value;
  private int stage;

  private long start;
  private long end;
  private long disk;
  private long groupStart;
  private long dataExtent;
  private java.util.function.Supplier<Footprint> choice = () -> Footprint.NOTHING;
  private boolean nocow;
  private int[] values;
  private long orderedId;
  boolean failed;
  private boolean empty;

  private WritePiece(Btrfs fs, Source source, Inode inode, long from, long to, int value) {
    this.fs = fs;
    this.source = source;
    this.inode = inode;
    this.from = from;
    this.to = to;
    this.value = value;
  }

  static WritePiece direct(Btrfs fs, Inode inode, long from, long to, int value) {
    return new WritePiece(fs, Source.DIRECT, inode, from, to, value);
  }

  static WritePiece writeback(Btrfs fs, Source source, Inode inode) {
    return new WritePiece(fs, source, inode, -1, -1, 0);
  }

  Inode inode() {
    return inode;
  }

  /**
   * Adds {@code choice} to the footprints of the steps after which the piece's owner chooses its
   * next part (A, when it finds nothing to write, and B).
   */
  WritePiece choosingNextBy(java.util.function.Supplier<Footprint> choice) {
    this.choice = choice;
    return this;
  }

  /** Where the piece ended (after step A ran). */
  long end() {
    return end;
  }

  @Override
  public FsStep next() {
    return switch (stage++) {
      case 0 ->
          Step.guarded(this::describeReserve, this::mayReserve, this::reserve)
              .touching(() -> reserveFootprint().plus(choice.get()));
      case 1 ->
          failed || empty
              ? null
              : Step.of(this::describeWrite, this::writeData)
                  .touching(() -> writeFootprint().plus(choice.get()));
      default -> null;
    };
  }

  /** The range step A would take now: {start, limit}, or {@code null} when nothing is dirty. */
  private long[] candidate() {
    return source == Source.DIRECT ? new long[] {from, to} : inode.dirtyRun(fs.sector);
  }

  private String prefix() {
    return switch (source) {
      case DIRECT -> "";
      case WRITEBACK -> "writeback: ";
      case RELOCATION_FLUSH -> "flush delalloc: ";
    };
  }

  private String describeReserve() {
    long[] range = candidate();
    if (range == null) {
      return prefix() + inode.path + ": nothing to write back";
    }
    Inode.Piece p = inode.piece(range[0], range[1]);
    String what = p.nocowLogical() >= 0 ? "can_nocow: " : "find_free_extent + reserve: ";
    return prefix() + what + inode.path + " offset " + range[0] + " len " + (p.end() - range[0]);
  }

  private boolean mayReserve() {
    long[] range = candidate();
    return range == null
        || !Inode.overlaps(inode.locked, range[0], range[1])
            && (source != Source.DIRECT || !Inode.overlaps(inode.claimed, range[0], range[1]));
  }

  /**
   * Step A: the file's locks and delalloc, and either the group written in place (its read-only
   * flag read, its nocow_writers counted) or the allocator's state (any group of the type may be
   * chosen, or a chunk allocated).
   */
  private Footprint reserveFootprint() {
    String file = Shared.inode(inode.path);
    long[] range = candidate();
    if (range == null) {
      return Footprint.of(Set.of(), Set.of(file));
    }
    Inode.Piece p = inode.piece(range[0], range[1]);
    if (p.nocowLogical() >= 0) {
      BlockGroup g = fs.groupOf(p.nocowLogical());
      if (g != null && g.ro == 0) {
        return Footprint.of(
            Set.of(Shared.space(g.type)), Set.of(file), Set.of(Shared.writers(g.start)));
      }
    }
    return Shared.allocation(fs, BlockGroupType.DATA).plus(Footprint.of(Set.of(), Set.of(file)));
  }

  /**
   * Step B: the data of the extent written (in place: the extent the file's item points into), the
   * file, the group's counter and the ordered extents; the worker it spawns is named after the file
   * range, so its name does not depend on the order pieces were written in.
   */
  private Footprint writeFootprint() {
    Set<String> updates = new HashSet<>();
    updates.add(Shared.ORDERED);
    updates.add(Shared.writers(groupStart));
    return Footprint.of(
        Set.of(), Set.of(Shared.inode(inode.path), Shared.data(dataExtent)), updates);
  }

  private String reserve() {
    long[] range = candidate();
    if (range == null) {
      empty = true;
      return null;
    }
    start = range[0];
    Inode.Piece p = inode.piece(start, range[1]);
    end = p.end();
    String note = "";
    if (p.nocowLogical() >= 0) {
      BlockGroup g = fs.groupOf(p.nocowLogical());
      if (g != null && g.ro == 0) {
        g.nocowWriters++;
        nocow = true;
        disk = p.nocowLogical();
        dataExtent = inode.itemAt(start).getValue().diskBytenr();
        groupStart = g.start;
        fs.stats.inc(Stats.NOCOW_WRITES);
        note =
            "in place at "
                + disk
                + " ("
                + fs.groupName(g.start)
                + ", nocow_writers "
                + g.nocowWriters
                + ")";
      } else {
        fs.stats.inc(Stats.NOCOW_FALLBACKS);
        note = (g == null ? "block group gone" : fs.groupName(g.start) + " read-only") + ", COW: ";
      }
    }
    if (!nocow) {
      long[] ext = fs.reserveExtent(end - start, BlockGroupType.DATA, false);
      if (ext == null) {
        failed = true;
        fs.enospc(
            "find_free_extent: no space for "
                + (end - start)
                + " bytes of "
                + inode.path
                + " at offset "
                + start);
        return "ENOSPC";
      }
      disk = ext[0];
      dataExtent = disk;
      end = start + ext[1];
      BlockGroup g = fs.groupOf(disk);
      g.reservations++;
      groupStart = g.start;
      note +=
          "extent "
              + disk
              + " ("
              + fs.groupName(g.start)
              + ", reservations "
              + g.reservations
              + ")";
    }
    if (source == Source.DIRECT) {
      inode.delalloc.subMap(start, end).clear();
    } else {
      values = new int[(int) ((end - start) / fs.sector)];
      for (int i = 0; i < values.length; i++) {
        values[i] = inode.delalloc.get(start + i * fs.sector);
      }
      inode.claimed.put(start, end);
    }
    inode.locked.put(start, end);
    return note;
  }

  private OrderedExtent.Kind kind() {
    return nocow
        ? OrderedExtent.Kind.NOCOW
        : source == Source.DIRECT ? OrderedExtent.Kind.DIRECT : OrderedExtent.Kind.COW;
  }

  private String describeWrite() {
    return nocow
        ? "create NOCOW ordered extent + submit bio in place at " + disk + " len " + (end - start)
        : "create " + kind() + " ordered extent + submit bio at " + disk + " len " + (end - start);
  }

  private String writeData() {
    long len = end - start;
    orderedId = fs.addOrdered(new OrderedExtent(inode.ino, start, disk, len, kind()));
    int[] data = values;
    if (source == Source.DIRECT) {
      data = new int[(int) (len / fs.sector)];
      Arrays.fill(data, value);
    }
    fs.writeData(disk, data, "write of " + inode.path + " at offset " + start);
    BlockGroup g = fs.groups.get(groupStart);
    if (g != null) {
      if (nocow) {
        g.nocowWriters--;
      } else {
        g.reservations--;
      }
    }
    if (source == Source.DIRECT) {
      for (long off = start; off < end; off += fs.sector) {
        inode.lastWritten.put(off, value);
      }
    } else {
      inode.delalloc.subMap(start, end).clear();
      inode.claimed.remove(start);
      if (source == Source.RELOCATION_FLUSH) {
        fs.stats.add(Stats.RELOCATION_FLUSHED_BYTES, len);
      }
    }
    fs.spawnWorker("endio-write:" + inode.path + "@" + start, new Completion());
    return null;
  }

  /** C to E: the endio-write worker finishing this piece's ordered extent. */
  private final class Completion implements FsTask {
    private final Handle handle = Handle.join(fs);
    private int stage;

    @Override
    public FsStep next() {
      String who = "btrfs_finish_ordered_io " + inode.path + " offset " + start;
      return switch (stage++) {
        case 0 -> handle.open(who);
        case 1 ->
            Step.of(WritePiece.this::describeCompletion, WritePiece.this::complete)
                .touching(
                    () ->
                        Footprint.of(
                            Set.of(),
                            Set.of(Shared.inode(inode.path)),
                            Set.of(Shared.DELAYED_REFS)));
        case 2 ->
            Step.of(
                    () -> "btrfs_end_transaction, btrfs_remove_ordered_extent: " + who,
                    () -> {
                      String closed = handle.doClose();
                      fs.ordered.remove(orderedId);
                      inode.locked.remove(start);
                      return closed;
                    })
                .touching(
                    () ->
                        Shared.CLOSE_HANDLE.plus(
                            Footprint.of(
                                Set.of(),
                                Set.of(Shared.inode(inode.path)),
                                Set.of(Shared.ORDERED))));
        default -> null;
      };
    }
  }

  private String describeCompletion() {
    String where = inode.path + " offset " + start + " len " + (end - start);
    return nocow
        ? "btrfs_finish_ordered_io: btrfs_mark_extent_written " + where
        : "btrfs_finish_ordered_io: insert_reserved_file_extent "
            + where
            + " -> "
            + disk
            + ", delayed ref queued";
  }

  private String complete() {
    long len = end - start;
    if (nocow) {
      inode.markWritten(start, end, fs.extentTree);
    } else {
      inode.dropRange(start, end, fs.extentTree);
      inode.extents.put(start, new FileExtent(disk, len, 0, len, FileExtent.Kind.REGULAR));
      fs.extentTree.queue(disk, len, +1, true);
    }
    fs.stats.inc(Stats.EXTENTS_WRITTEN);
    fs.stats.add(Stats.BYTES_WRITTEN, len);
    return null;
  }
}
