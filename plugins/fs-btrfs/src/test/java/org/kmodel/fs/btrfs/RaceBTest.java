package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.BG_X;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.api.fs.RelocationStrategy;

/**
 * Race B of BTRFS.md: a NOCOW O_DIRECT write W into an existing extent E of block group X against
 * X's relocation R. E is either a nodatacow file's regular extent (holding 1) or a preallocated one
 * (reading as zeroes); W writes 2 in place.
 */
class RaceBTest {
  private static final int W = 0;
  private static final int R = 1;

  private static Explorer.Run setUp(RelocationStrategy strategy, boolean prealloc) {
    FakeFsContext ctx = Scenarios.context(strategy);
    Btrfs fs = Scenarios.mkfs(ctx);
    if (prealloc) {
      run(ctx, fs.create("n", false), fs.fallocate("n", 0, SECTOR), fs.commit());
    } else {
      run(ctx, fs.create("n", true), direct(fs, "n", 0, SECTOR, 1), fs.commit());
    }
    return new Explorer.Run(
        fs, ctx, new Driver(ctx, direct(fs, "n", 0, SECTOR, 2), fs.relocate(X)));
  }

  @ParameterizedTest(name = "prealloc={0}")
  @ValueSource(booleans = {false, true})
  void flushDelallocStrategyReadsStaleData(boolean prealloc) {
    Explorer.Run run = setUp(Recipes.FLUSH_DELALLOC, prealloc);
    Btrfs fs = run.fs();
    Driver d = run.driver();
    d.step(W); // 1. can_nocow: in place into E
    assertEquals(1, Scenarios.group(fs, X).nocowWriters());
    d.steps(R, 5); // 2. read-only, relocation inode, flush (nothing), splice (none), wait
    d.steps(R, 4); //    MOVE pass: prepare_to_relocate's commit
    d.steps(R, 2); //    its first turn: start_transaction, copy E's old data
    assertTrue(
        d.timeline.get(d.timeline.size() - 1).startsWith("1: MOVE_DATA_EXTENTS: find_next_extent"),
        d.toString());
    d.step(W); // 3. NOCOW ordered extent, new data in place into E; W returns
    assertTrue(d.done(W));
    d.steps(2, 3); //    the endio-write worker: join, finish_ordered_io, remove ordered extent
    d.finish(R); // 4. the old copy is what UPDATE points the file at; chunk removed
    run(run.ctx(), fs.read("n", 0, SECTOR));

    assertTrue(
        d.timeline.get(0).startsWith("0: can_nocow: n offset 0 len 4096 -> in place at " + X),
        d.toString());
    assertTrue(
        d.timeline
            .get(11)
            .startsWith("1: MOVE_DATA_EXTENTS: find_next_extent: copy extent " + X + " len 4096"),
        d.toString());
    assertEquals(
        "0: create NOCOW ordered extent + submit bio in place at " + X + " len 4096",
        d.timeline.get(12));
    assertTrue(
        d.timeline.get(14).startsWith("2: btrfs_finish_ordered_io: btrfs_mark_extent_written n"),
        d.toString());
    int old = prealloc ? 0 : 1;
    assertEquals(
        List.of("stale data read at file n offset 0: got " + old + ", last written 2"),
        run.ctx().events("data-loss"));
    assertTrue(run.ctx().events("warning").isEmpty(), "silent: X.used was 0 at removal");
    assertEquals(
        List.of("stale data read at file n offset 0: got " + old + ", last written 2"),
        fs.violations());
  }

  @ParameterizedTest(name = "prealloc={0}")
  @ValueSource(booleans = {false, true})
  void waitNocowWritersMakesTheSameOrderImpossible(boolean prealloc) {
    Explorer.Run run = setUp(Recipes.WAIT_RESERVATIONS_47, prealloc);
    Driver d = run.driver();
    int blocked = d.attempt(W, R, R, R, R, R, R, W, W);
    assertEquals(4, blocked, d.toString());
    assertEquals("wait_nocow_writers: " + BG_X + " nocow_writers == 0", d.peek(R).describe());
    d.drain();
    assertNull(Scenarios.verdict(run, "n"), d.toString());
  }

  @ParameterizedTest(name = "prealloc={0}")
  @ValueSource(booleans = {false, true})
  void writerFallsBackToCowWhenTheGroupIsAlreadyReadOnly(boolean prealloc) {
    Explorer.Run run = setUp(Recipes.WAIT_RESERVATIONS_47, prealloc);
    Btrfs fs = run.fs();
    Driver d = run.driver();
    d.step(R); // X read-only first
    d.step(W); // can_nocow refuses: COW into another group
    String reserve = d.timeline.get(1);
    assertTrue(reserve.contains(BG_X + " read-only, COW: extent "), reserve);
    assertEquals(0, Scenarios.group(fs, X).nocowWriters());
    assertEquals(1, fs.stats().get("nocow_fallbacks"));
    d.drain();
    assertNull(Scenarios.verdict(run, "n"), d.toString());
    assertNull(Scenarios.group(fs, X));
    long at = fs.inodes.get("n").extents.get(0L).diskBytenr();
    assertNotEquals(X, at);
  }

  @ParameterizedTest(name = "prealloc={0}")
  @ValueSource(booleans = {false, true})
  void everyInterleavingUnderWaitReservationsReadsBackTheData(boolean prealloc) {
    Explorer e =
        new Explorer(
                () -> setUp(Recipes.WAIT_RESERVATIONS_47, prealloc),
                r -> Scenarios.verdict(r, "n"),
                Scenarios.PREEMPTIONS)
            .explore();
    assertTrue(e.schedules > 20, "schedules " + e.schedules);
    assertEquals(List.of(), e.bad);
  }

  @ParameterizedTest(name = "prealloc={0}")
  @ValueSource(booleans = {false, true})
  void interleavingsUnderFlushDelallocReadStaleData(boolean prealloc) {
    Explorer e =
        new Explorer(
                () -> setUp(Recipes.FLUSH_DELALLOC, prealloc),
                r -> Scenarios.verdict(r, "n"),
                Scenarios.PREEMPTIONS)
            .explore();
    assertTrue(
        e.bad.stream().anyMatch(b -> b.contains("stale data read at file n offset 0")),
        e.bad.toString());
    assertFalse(e.bad.size() == e.schedules);
  }
}
