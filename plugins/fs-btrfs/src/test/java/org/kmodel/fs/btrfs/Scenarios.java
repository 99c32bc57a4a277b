package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.FsGeometry;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.fs.WriteMode;

/** Shared set-up: a 64 MiB device with 8 MiB data chunks, and sequential helpers. */
final class Scenarios {
  static final int SECTOR = 4096;
  static final long MIB = 1L << 20;
  static final FsGeometry GEOMETRY =
      FsGeometry.builder()
          .deviceBytes(64 * MIB)
          .dataChunkBytes(8 * MIB)
          .metadataChunkBytes(4 * MIB)
          .sectorBytes(SECTOR)
          .build();

  /**
   * The DATA block group mkfs makes: after the 1 MiB reserved, SYSTEM (4 MiB), METADATA (4 MiB).
   */
  static final long X = 9 * MIB;

  /** How messages name X: its number, then its logical start. */
  static final String BG_X = "block group 2 (logical " + X + ")";

  /** The unit tests' preemption bound for {@link Explorer}: every race here needs at most two. */
  static final int PREEMPTIONS = 2;

  private Scenarios() {}

  static Btrfs mkfs(FakeFsContext ctx) {
    return mkfs(GEOMETRY, ctx);
  }

  static Btrfs mkfs(FsGeometry geometry, FakeFsContext ctx) {
    return (Btrfs) new BtrfsType().mkfs(geometry, ctx);
  }

  static FakeFsContext context(RelocationStrategy strategy) {
    return new FakeFsContext(strategy);
  }

  /** Runs tasks one after the other, each alone with the workers it spawns. */
  static void run(FakeFsContext ctx, FsTask... tasks) {
    for (FsTask t : tasks) {
      Driver.runAlone(ctx, t);
    }
  }

  static FsTask direct(Btrfs fs, String path, long offset, long length, int value) {
    return fs.write(path, offset, length, value, WriteMode.DIRECT);
  }

  static FsTask buffered(Btrfs fs, String path, long offset, long length, int value) {
    return fs.write(path, offset, length, value, WriteMode.BUFFERED);
  }

  /** Commits, reads the files back and reports the first problem (data loss or violation). */
  static String verdict(Explorer.Run run, String... paths) {
    Btrfs fs = run.fs();
    run(run.ctx(), fs.commit());
    for (String p : paths) {
      run(run.ctx(), fs.read(p, 0, SECTOR));
    }
    if (!run.ctx().events("data-loss").isEmpty()) {
      return run.ctx().events("data-loss").get(0);
    }
    return fs.violations().isEmpty() ? null : fs.violations().get(0);
  }

  /** The block group starting at {@code start}, or {@code null}. */
  static org.kmodel.api.fs.BlockGroupInfo group(Btrfs fs, long start) {
    return fs.blockGroups().stream().filter(g -> g.start() == start).findFirst().orElse(null);
  }
}
