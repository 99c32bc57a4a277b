package org.kmodel.api.fs;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One filesystem made by a {@link FileSystemType}. Every operation returns a task of guarded atomic
 * steps; the kernel runs it as a simulated thread (or several at once, interleaved), so the
 * filesystem's own state — chunk map, block groups, trees, transactions — changes only inside
 * steps. Called on the simulation thread.
 */
@ConsumerType
public interface FileSystem {

  /** Creates an empty file; {@code nodatacow} as {@code chattr +C} sets it. */
  FsTask create(String path, boolean nodatacow);

  /** Writes {@code length} bytes at {@code offset}, every sector holding {@code value}. */
  FsTask write(String path, long offset, long length, int value, WriteMode mode);

  /** Preallocates [offset, offset + length) with unwritten (prealloc) extents. */
  FsTask fallocate(String path, long offset, long length);

  /** Writes the file's delalloc back and waits for its ordered extents. */
  FsTask fsync(String path);

  /** Commits the running transaction (the trees become the commit roots). */
  FsTask commit();

  /**
   * Reads [offset, offset + length) through the chunk map. An address no chunk maps is reported as
   * the kernel's {@code unable to find logical L len N}, a read that returns other data than the
   * last written as stale data — both as {@code data-loss} events, never as exceptions.
   */
  FsTask read(String path, long offset, long length);

  /**
   * What a read of one sector at {@code offset} returns now, without a step and without reporting
   * anything: the page cache's data (dirty, or under writeback), else the data at the logical
   * address the file extent item maps (0 for a hole or a preallocated extent), or -1 when that
   * address is no longer mapped by any chunk or the file does not exist.
   */
  long valueAt(String path, long offset);

  /** Relocates one block group with the strategy attached when the relocation starts. */
  FsTask relocate(long groupStart);

  /** Relocates every block group the filter selects, highest logical address first. */
  FsTask balance(BalanceFilter filter);

  /** Asks a running balance to stop after the block group it is relocating. */
  void cancelBalance();

  /** The block groups now, by logical start. */
  List<BlockGroupInfo> blockGroups();

  /**
   * Counters: {@code relocation_flushed_bytes}, {@code extents_written}, {@code mean_extent_bytes},
   * {@code balance_relocated}, {@code balance_enospc}, ...
   */
  Map<String, Long> stats();

  /**
   * The filesystem's invariants checked now: no file extent item points into a removed chunk; a
   * chunk is removed only with used == 0; every read returned the last data written. Empty when all
   * hold.
   */
  List<String> violations();

  /** A hash of the whole state, equal for equal states (the explorer prunes with it). */
  long stateHash();
}
