package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.BG_X;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.buffered;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodel.api.fs.BlockGroupType;

/** Writes, fsync, fallocate, reads and commits without relocation. */
class FileOpsTest {
  private FakeFsContext ctx;
  private Btrfs fs;

  @BeforeEach
  void mkfs() {
    ctx = Scenarios.context(Recipes.WAIT_RESERVATIONS_47);
    fs = Scenarios.mkfs(ctx);
  }

  private void assertClean() {
    assertEquals(List.of(), ctx.events("data-loss"));
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void mkfsMakesSystemMetadataAndDataChunks() {
    assertEquals(
        List.of(BlockGroupType.SYSTEM, BlockGroupType.METADATA, BlockGroupType.DATA),
        fs.blockGroups().stream().map(g -> g.type()).toList());
    assertEquals(X, fs.blockGroups().get(2).start());
    assertEquals(8 * Scenarios.MIB, fs.blockGroups().get(2).length());
    assertEquals("btrfs", new BtrfsType().typeName());
  }

  @Test
  void bufferedWritesAreReadFromThePageCacheThenFromDiskAfterFsync() {
    run(
        ctx,
        fs.create("f", false),
        buffered(fs, "f", 0, 4 * SECTOR, 3),
        buffered(fs, "f", 4 * SECTOR, 4 * SECTOR, 4));
    run(ctx, fs.read("f", 0, 8 * SECTOR));
    assertEquals(0, fs.stats().get("extents_written"));
    assertEquals(8, fs.inodes.get("f").delalloc.size());

    Driver fsync = new Driver(ctx, fs.fsync("f"));
    fsync.drain();
    assertTrue(fsync.name(1).startsWith("endio-write:"), fsync.toString());
    assertEquals(
        List.of(
            "0: writeback: find_free_extent + reserve: f offset 0 len 32768 -> extent "
                + X
                + " ("
                + BG_X
                + ", reservations 1)",
            "0: create COW ordered extent + submit bio at " + X + " len 32768",
            "1: btrfs_join_transaction: btrfs_finish_ordered_io f offset 0"
                + " -> transaction 1, num_writers 1",
            "1: btrfs_finish_ordered_io: insert_reserved_file_extent f offset 0 len 32768 -> "
                + X
                + ", delayed ref queued",
            "1: btrfs_end_transaction, btrfs_remove_ordered_extent: btrfs_finish_ordered_io f"
                + " offset 0 -> transaction 1, num_writers 0",
            "0: wait for ordered extents of f"),
        fsync.timeline);
    assertEquals(1, fs.stats().get("extents_written"));
    assertEquals(8 * SECTOR, fs.stats().get("mean_extent_bytes"));
    assertEquals(0, Scenarios.group(fs, X).used());
    assertEquals(8 * SECTOR, Scenarios.group(fs, X).reserved());
    run(ctx, fs.commit());
    assertEquals(8 * SECTOR, Scenarios.group(fs, X).used());
    assertEquals(0, Scenarios.group(fs, X).reserved());
    run(ctx, fs.read("f", 0, 8 * SECTOR));

    // Overwrite the middle: the old extent stays referenced by both remaining pieces.
    run(ctx, buffered(fs, "f", 2 * SECTOR, SECTOR, 5), fs.fsync("f"), fs.commit());
    run(ctx, fs.read("f", 0, 8 * SECTOR));
    assertEquals(3, fs.inodes.get("f").extents.size());
    assertEquals(9 * SECTOR, Scenarios.group(fs, X).used());
    assertClean();
  }

  @Test
  void cowOverwriteFreesTheOldExtentAtCommit() {
    run(ctx, fs.create("f", false), direct(fs, "f", 0, 2 * SECTOR, 1), fs.commit());
    run(ctx, direct(fs, "f", 0, 2 * SECTOR, 2));
    assertEquals(2 * SECTOR, Scenarios.group(fs, X).used());
    run(ctx, fs.commit());
    assertEquals(2 * SECTOR, Scenarios.group(fs, X).used());
    assertEquals(1, fs.extentTree.current.size());
    run(ctx, fs.read("f", 0, 2 * SECTOR));
    assertClean();
  }

  @Test
  void directWriteIntoPreallocGoesInPlaceAndSplitsTheItem() {
    run(ctx, fs.create("p", false), fs.fallocate("p", 0, 4 * SECTOR), fs.commit());
    assertEquals(4 * SECTOR, Scenarios.group(fs, X).used());
    Driver w = new Driver(ctx, direct(fs, "p", SECTOR, SECTOR, 9));
    w.drain();
    assertTrue(
        w.timeline
            .get(0)
            .startsWith("0: can_nocow: p offset 4096 len 4096 -> in place at " + (X + SECTOR)),
        w.toString());
    assertEquals(1, fs.stats().get("nocow_writes"));
    run(ctx, fs.commit(), fs.read("p", 0, 4 * SECTOR));
    List<FileExtent.Kind> kinds =
        fs.inodes.get("p").extents.values().stream().map(FileExtent::kind).toList();
    assertEquals(
        List.of(FileExtent.Kind.PREALLOC, FileExtent.Kind.REGULAR, FileExtent.Kind.PREALLOC),
        kinds);
    assertEquals(4 * SECTOR, Scenarios.group(fs, X).used());
    assertEquals(3, fs.extentTree.current.get(X).refs());
    assertClean();
  }

  @Test
  void nodatacowWritebackWritesInPlace() {
    run(ctx, fs.create("n", true), direct(fs, "n", 0, 2 * SECTOR, 1), fs.commit());
    run(
        ctx,
        buffered(fs, "n", 0, 2 * SECTOR, 2),
        fs.fsync("n"),
        fs.commit(),
        fs.read("n", 0, 2 * SECTOR));
    assertEquals(1, fs.stats().get("nocow_writes"));
    assertEquals(X, fs.inodes.get("n").extents.get(0L).diskBytenr());
    assertEquals(2 * SECTOR, Scenarios.group(fs, X).used());
    assertClean();
  }

  @Test
  void readWaitsForAWriteInFlight() {
    run(ctx, fs.create("f", false), direct(fs, "f", 0, SECTOR, 1), fs.commit());
    Driver d = new Driver(ctx, direct(fs, "f", 0, SECTOR, 2), fs.read("f", 0, SECTOR));
    d.step(0); // reserve: the range is locked
    assertFalse(d.peek(1).ready(), "the range is locked from reservation to completion");
    d.step(0); // ordered extent + bio: the write returns, its completion is queued
    assertTrue(d.done(0));
    assertTrue(d.name(2).startsWith("endio-write:"), d.toString());
    for (int k = 0; k < 2; k++) {
      assertFalse(d.peek(1).ready(), "locked until the ordered extent is removed\n" + d);
      d.step(2); // join, then finish_ordered_io
    }
    assertFalse(d.peek(1).ready(), d.toString());
    d.step(2); // end transaction, remove the ordered extent, unlock
    assertTrue(d.done(2));
    d.step(1);
    assertClean();
  }

  @Test
  void misuseIsReportedAsEvents() {
    run(
        ctx,
        fs.write("nope", 0, SECTOR, 1, org.kmodel.api.fs.WriteMode.DIRECT),
        fs.read("nope", 0, SECTOR));
    run(ctx, fs.create("f", false), direct(fs, "f", 100, SECTOR, 1), fs.create("f", false));
    assertEquals(2, ctx.events("enoent").size());
    assertEquals(1, ctx.events("einval").size());
    assertEquals(1, fs.inodes.size());
  }
}
