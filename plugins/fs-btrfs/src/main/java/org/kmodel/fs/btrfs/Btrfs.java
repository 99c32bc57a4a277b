package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsContext;
import org.kmodel.api.fs.FsGeometry;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.WriteMode;

/**
 * One Btrfs-like filesystem on a single device: every piece of its state lives here (chunk map,
 * block groups, extent tree and its commit root, delayed refs, files with their extent items,
 * delalloc and io-tree locks, ordered extents, running relocations and balance, the data on disk)
 * and changes only inside the steps of the tasks it hands out.
 */
final class Btrfs implements FileSystem {
  /** {@code BTRFS_MAX_EXTENT_SIZE}. */
  static final long MAX_EXTENT = 128L << 20;

  /** The size of the SYSTEM chunk mkfs makes (capped at the metadata chunk size). */
  static final long SYSTEM_CHUNK = 4L << 20;

  /** {@code BTRFS_FIRST_FREE_OBJECTID}: the first inode number of a subvolume. */
  static final long FIRST_INO = 257;

  final FsGeometry geometry;
  final FsContext ctx;
  final long sector;
  final ChunkMap chunks;
  final TreeMap<Long, BlockGroup> groups = new TreeMap<>();
  final ExtentTree extentTree = new ExtentTree();
  final TreeMap<String, Inode> inodes = new TreeMap<>();

  /** The data: one token per sector, by logical address. */
  final TreeMap<Long, Integer> disk = new TreeMap<>();

  final TreeMap<Long, OrderedExtent> ordered = new TreeMap<>();
  final TreeMap<Long, RelocationControl> relocations = new TreeMap<>();
  final TreeMap<Long, Long> removedChunks = new TreeMap<>();

  /**
   * Every block group's ordinal by logical start, removed ones included: groups are numbered in the
   * order their chunks are allocated, which is the order of their starts since a removed chunk's
   * range is never mapped again, so these are the numbers scenarios name groups by.
   */
  final TreeMap<Long, Integer> groupNumbers = new TreeMap<>();

  final List<long[]> pinnedRanges = new ArrayList<>();

  /** Violations recorded when they happen (removals with used bytes, failed reads and writes). */
  final List<String> recorded = new ArrayList<>();

  final Stats stats = new Stats();
  BalanceControl balance;
  private long nextIno = FIRST_INO;
  private long nextOrdered = 1;
  private long transid = 1;

  /** The running transaction, or {@code null} between a commit and the next handle. */
  Transaction running;

  private final Map<String, Integer> workerNames = new java.util.HashMap<>();

  Btrfs(FsGeometry geometry, FsContext ctx) {
    this.geometry = geometry;
    this.ctx = ctx;
    this.sector = geometry.sectorBytes();
    this.chunks = new ChunkMap(geometry.deviceBytes());
    for (BlockGroupType type :
        List.of(BlockGroupType.SYSTEM, BlockGroupType.METADATA, BlockGroupType.DATA)) {
      if (allocChunk(type) == null) {
        enospc("mkfs: no room for a " + type + " chunk");
      }
    }
  }

  // ---------------------------------------------------------------- chunks and allocation

  long chunkSize(BlockGroupType type) {
    return switch (type) {
      case DATA -> geometry.dataChunkBytes();
      case METADATA -> geometry.metadataChunkBytes();
      case SYSTEM -> Math.min(SYSTEM_CHUNK, geometry.metadataChunkBytes());
    };
  }

  /** {@code btrfs_alloc_chunk} and its block group, or {@code null} when the device is full. */
  BlockGroup allocChunk(BlockGroupType type) {
    ChunkMap.Chunk chunk = chunks.allocate(type, chunkSize(type));
    if (chunk == null) {
      return null;
    }
    BlockGroup group = new BlockGroup(chunk.logical(), chunk.length(), type);
    groups.put(group.start, group);
    groupNumbers.put(group.start, groupNumbers.size());
    stats.inc(Stats.CHUNKS_ALLOCATED);
    return group;
  }

  /**
   * How messages name a block group: by its ordinal, as scenarios do, and its logical start, as the
   * kernel does ({@code block group 2 (logical 273678336)}).
   */
  String groupName(long start) {
    Integer number = groupNumbers.get(start);
    return number == null
        ? "block group at logical " + start
        : "block group " + number + " (logical " + start + ")";
  }

  /** The block group holding {@code logical}, or {@code null} (its chunk was removed). */
  BlockGroup groupOf(long logical) {
    Map.Entry<Long, BlockGroup> e = groups.floorEntry(logical);
    return e != null && e.getValue().contains(logical) ? e.getValue() : null;
  }

  /**
   * {@code find_free_extent} + {@code btrfs_add_reserved_bytes}: a free range of {@code want} bytes
   * in a writable group of {@code type}, from a new chunk when none has one, else (unless {@code
   * exact}) the largest free range left. Returns {bytenr, length} or {@code null} (ENOSPC).
   */
  long[] reserveExtent(long want, BlockGroupType type, boolean exact) {
    for (BlockGroup g : groups.values()) {
      if (g.type == type && g.ro == 0) {
        long at = g.firstFit(want);
        if (at >= 0) {
          g.reserve(at, want);
          return new long[] {at, want};
        }
      }
    }
    BlockGroup fresh = chunks.canAllocate(chunkSize(type)) ? allocChunk(type) : null;
    if (fresh != null && (!exact || fresh.length >= want)) {
      long len = Math.min(want, fresh.length);
      fresh.reserve(fresh.start, len);
      return new long[] {fresh.start, len};
    }
    if (exact) {
      return null;
    }
    BlockGroup best = null;
    long[] gap = {0, 0};
    for (BlockGroup g : groups.values()) {
      if (g.type == type && g.ro == 0) {
        long[] candidate = g.largestGap();
        if (candidate[1] > gap[1]) {
          gap = candidate;
          best = g;
        }
      }
    }
    long len = gap[1] / sector * sector;
    if (best == null || len == 0) {
      return null;
    }
    best.reserve(gap[0], len);
    return new long[] {gap[0], len};
  }

  /**
   * {@code btrfs_inc_block_group_ro}: fails (ENOSPC) when the group's used bytes fit nowhere else
   * and no chunk can be allocated; an empty group needs no room elsewhere.
   */
  boolean incReadOnly(BlockGroup g) {
    if (g.ro == 0 && !roomElsewhere(g) && allocChunk(g.type) == null) {
      return false;
    }
    g.ro++;
    return true;
  }

  /** Whether {@link #incReadOnly} would fail (ENOSPC) now. */
  boolean readOnlyWouldFail(BlockGroup g) {
    return g.ro == 0 && !roomElsewhere(g) && !chunks.canAllocate(chunkSize(g.type));
  }

  private boolean roomElsewhere(BlockGroup g) {
    if (g.type == BlockGroupType.DATA) {
      long otherFree = 0;
      for (BlockGroup o : groups.values()) {
        if (o != g && o.type == g.type && o.ro == 0) {
          otherFree += o.free();
        }
      }
      return g.used == 0 || otherFree >= g.used;
    }
    return groups.values().stream().anyMatch(o -> o != g && o.type == g.type && o.ro == 0);
  }

  /**
   * Whether {@code reserveExtent(want, type, true)} surely finds room in a group that exists now
   * (false when it would need a new chunk, or fail).
   */
  boolean fitsInAGroup(long want, BlockGroupType type) {
    for (BlockGroup g : groups.values()) {
      if (g.type == type && g.ro == 0 && g.firstFit(want) >= 0) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- transactions

  /**
   * {@code join_transaction}'s admission for {@code TRANS_START}: not while a commit has started.
   */
  boolean mayStartTransaction() {
    return running == null || running.state == Transaction.State.RUNNING;
  }

  /** ... and for {@code TRANS_JOIN}: not once the commit waits for the last writers. */
  boolean mayJoinTransaction() {
    return running == null || running.state != Transaction.State.COMMIT_DOING;
  }

  /** The running transaction, begun if there is none. */
  Transaction runningTransaction() {
    if (running == null) {
      running = new Transaction(transid++);
    }
    return running;
  }

  /**
   * The body of {@code btrfs_commit_transaction} once no other handle is open in {@code t}: runs
   * the delayed refs (extent items inserted or dropped, reserved bytes become used, freed extents
   * pinned), switches the commit roots and unpins.
   */
  String commitTransaction(Transaction t) {
    int refs = extentTree.queued();
    for (List<DelayedRef> head : extentTree.delayedRefs.values()) {
      for (DelayedRef ref : head) {
        runDelayedRef(ref);
      }
    }
    extentTree.delayedRefs.clear();
    extentTree.switchCommitRoot();
    for (long[] range : pinnedRanges) {
      BlockGroup g = groupOf(range[0]);
      if (g != null) {
        g.taken.remove(range[0]);
        g.pinned -= range[1];
      }
    }
    pinnedRanges.clear();
    stats.inc(Stats.COMMITS);
    stats.add(Stats.DELAYED_REFS_RUN, refs);
    running = null;
    return "transaction " + t.transid + " committed, " + refs + " delayed refs run";
  }

  /**
   * Starts a kernel worker (the end_io work of a write) as a task of its own, named {@code what}
   * (e.g. {@code endio-write:f@0}), with {@code #N} from the second worker of that name on. A name
   * says what the worker does rather than when it was started, so the same worker has the same name
   * in every interleaving the explorer runs: pieces of one file range are serialised by the range's
   * lock, so the order of the suffixes is the same whenever the file's steps are.
   */
  void spawnWorker(String what, org.kmodel.api.fs.FsTask task) {
    int n = workerNames.merge(what, 1, Integer::sum);
    ctx.spawn(n == 1 ? what : what + "#" + n, task);
  }

  private void runDelayedRef(DelayedRef ref) {
    ExtentItem item = extentTree.current.get(ref.bytenr());
    BlockGroup g = groupOf(ref.bytenr());
    if (ref.delta() > 0) {
      if (item == null) {
        extentTree.current.put(ref.bytenr(), new ExtentItem(ref.bytenr(), ref.length(), 1));
        if (g != null) {
          g.used += ref.length();
          if (ref.alloc()) {
            g.reserved -= ref.length();
          }
        }
      } else {
        extentTree.current.put(
            ref.bytenr(), new ExtentItem(item.bytenr(), item.length(), item.refs() + 1));
      }
      return;
    }
    if (item == null) {
      return;
    }
    if (item.refs() > 1) {
      extentTree.current.put(
          ref.bytenr(), new ExtentItem(item.bytenr(), item.length(), item.refs() - 1));
      return;
    }
    extentTree.current.remove(ref.bytenr());
    if (g != null) {
      g.used -= item.length();
      g.pinned += item.length();
      pinnedRanges.add(new long[] {item.bytenr(), item.length()});
    }
  }

  // ---------------------------------------------------------------- data

  /** Writes {@code values} (one per sector) at {@code logical}; an unmapped range is data loss. */
  boolean writeData(long logical, int[] values, String who) {
    long len = values.length * sector;
    if (!chunks.maps(logical, len)) {
      stats.inc(Stats.UNMAPPED_IO);
      dataLoss(
          "unable to find logical " + logical + " len " + len,
          who + ": unable to find logical " + logical + " len " + len);
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      disk.put(logical + i * sector, values[i]);
    }
    return true;
  }

  void dataLoss(String message, String violation) {
    ctx.event("data-loss", message);
    stats.inc(Stats.DATA_LOSS_EVENTS);
    recorded.add(violation);
  }

  void enospc(String message) {
    ctx.event("enospc", message);
    stats.inc(Stats.ENOSPC_EVENTS);
  }

  // ---------------------------------------------------------------- ordered extents

  long addOrdered(OrderedExtent oe) {
    long id = nextOrdered++;
    ordered.put(id, oe);
    return id;
  }

  boolean hasOrdered(Inode inode) {
    return ordered.values().stream().anyMatch(oe -> oe.inode() == inode.ino);
  }

  boolean orderedOverlapping(long start, long end) {
    return ordered.values().stream().anyMatch(oe -> oe.overlapsDisk(start, end));
  }

  String createInode(String path, boolean nodatacow) {
    if (inodes.containsKey(path)) {
      return "exists";
    }
    Inode inode = new Inode(nextIno++, path, nodatacow);
    inodes.put(path, inode);
    return "ino " + inode.ino;
  }

  // ---------------------------------------------------------------- FileSystem

  private FsTask invalid(String what, long offset, long length) {
    if (offset % sector != 0 || length % sector != 0 || offset < 0 || length <= 0) {
      String message = what + ": offset " + offset + " len " + length + " not sector aligned";
      return Step.of(
              what + ": EINVAL",
              () -> {
                ctx.event("einval", message);
                return message;
              })
          .once();
    }
    return null;
  }

  @Override
  public FsTask create(String path, boolean nodatacow) {
    return Step.of(
            "create " + path + (nodatacow ? " (nodatacow)" : ""),
            () -> createInode(path, nodatacow))
        .once();
  }

  @Override
  public FsTask write(String path, long offset, long length, int value, WriteMode mode) {
    FsTask bad = invalid("write " + path, offset, length);
    if (bad != null) {
      return bad;
    }
    if (mode == WriteMode.DIRECT) {
      return new DirectWriteTask(this, path, offset, offset + length, value);
    }
    return Step.guarded(
            () -> "buffered write: mark delalloc " + path + " offset " + offset + " len " + length,
            () -> {
              Inode inode = inodes.get(path);
              return inode == null
                  || !Inode.overlaps(inode.claimed, offset, offset + length)
                      && !Inode.overlaps(inode.locked, offset, offset + length);
            },
            () -> {
              Inode inode = inodes.get(path);
              if (inode == null) {
                ctx.event("enoent", "write " + path + ": no such file");
                return "ENOENT";
              }
              for (long off = offset; off < offset + length; off += sector) {
                inode.delalloc.put(off, value);
                inode.lastWritten.put(off, value);
              }
              return null;
            })
        .once();
  }

  @Override
  public FsTask fallocate(String path, long offset, long length) {
    FsTask bad = invalid("fallocate " + path, offset, length);
    return bad != null ? bad : new FallocateTask(this, path, offset, offset + length);
  }

  @Override
  public FsTask fsync(String path) {
    return WritebackTask.fsync(this, path);
  }

  @Override
  public FsTask commit() {
    return new CommitTask(this, "", null, null, () -> org.kmodel.api.fs.Footprint.NOTHING);
  }

  @Override
  public long valueAt(String path, long offset) {
    Inode inode = inodes.get(path);
    if (inode == null) {
      return -1;
    }
    long off = offset - offset % sector;
    Integer dirty = inode.delalloc.get(off);
    if (dirty != null) {
      return dirty;
    }
    if (Inode.overlaps(inode.locked, off, off + sector)
        || Inode.overlaps(inode.claimed, off, off + sector)) {
      // Pages under writeback, and O_DIRECT ranges whose ordered extent is still queued, are
      // locked until btrfs_finish_ordered_io removes it: a read returns the data last written.
      return inode.lastWritten.getOrDefault(off, 0);
    }
    java.util.Map.Entry<Long, FileExtent> at = inode.itemAt(off);
    if (at == null || at.getValue().kind() != FileExtent.Kind.REGULAR) {
      return 0;
    }
    long logical = at.getValue().logical(off - at.getKey());
    if (!chunks.maps(logical, sector)) {
      return -1;
    }
    return disk.getOrDefault(logical, 0);
  }

  @Override
  public FsTask read(String path, long offset, long length) {
    FsTask bad = invalid("read " + path, offset, length);
    return bad != null ? bad : new ReadTask(this, path, offset, offset + length);
  }

  @Override
  public FsTask relocate(long groupStart) {
    return new RelocationTask(this, groupStart, outcome -> {});
  }

  @Override
  public FsTask balance(BalanceFilter filter) {
    return new BalanceTask(this, filter == null ? BalanceFilter.ALL : filter);
  }

  @Override
  public void cancelBalance() {
    if (balance != null) {
      balance.cancel = true;
    }
  }

  @Override
  public List<BlockGroupInfo> blockGroups() {
    return groups.values().stream().map(BlockGroup::info).toList();
  }

  @Override
  public Map<String, Long> stats() {
    return stats.snapshot();
  }

  @Override
  public List<String> violations() {
    List<String> out = new ArrayList<>(recorded);
    for (Inode inode : inodes.values()) {
      for (Map.Entry<Long, FileExtent> e : inode.extents.entrySet()) {
        long bytenr = e.getValue().diskBytenr();
        Map.Entry<Long, Long> removed = removedChunks.floorEntry(bytenr);
        if (removed != null && bytenr < removed.getKey() + removed.getValue()) {
          out.add(
              "file extent item of "
                  + inode.path
                  + " at offset "
                  + e.getKey()
                  + " points to logical "
                  + bytenr
                  + " in removed chunk "
                  + removed.getKey());
        }
      }
    }
    return out;
  }

  @Override
  public long stateHash() {
    StateHash h = new StateHash();
    chunks.hash(h);
    h.mix(groups.size());
    groups.values().forEach(g -> g.hash(h));
    extentTree.hash(h);
    h.mix(inodes.size());
    inodes.values().forEach(i -> i.hash(h));
    h.mix(disk);
    List<OrderedExtent> oes = new ArrayList<>(ordered.values());
    oes.sort(
        Comparator.comparingLong(OrderedExtent::inode)
            .thenComparingLong(OrderedExtent::fileOffset)
            .thenComparingLong(OrderedExtent::diskBytenr));
    h.mix(oes.size());
    for (OrderedExtent oe : oes) {
      h.mix(oe.inode()).mix(oe.fileOffset()).mix(oe.diskBytenr()).mix(oe.length());
      h.mix(oe.kind().ordinal());
    }
    h.mix(relocations.size());
    relocations.values().forEach(rc -> rc.hash(h));
    h.mix(removedChunks);
    h.mix(pinnedRanges.size());
    h.mix(recorded.size());
    recorded.forEach(h::mix);
    h.mix(running != null);
    if (running != null) {
      running.hash(h);
    }
    h.mix(balance != null);
    if (balance != null) {
      balance.hash(h);
    }
    return h.value();
  }
}
