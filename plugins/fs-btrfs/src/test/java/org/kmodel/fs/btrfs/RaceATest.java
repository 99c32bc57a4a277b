package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.BG_X;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.fs.RelocationStrategy;

/**
 * Race A of BTRFS.md (the seed's diagram): a COW O_DIRECT write W against the relocation R of its
 * block group X. File {@code a} has a committed extent in X, so that R's MOVE pass has work.
 */
class RaceATest {
  private static final int W = 0;
  private static final int R = 1;
  private static final int C = 2;

  /** Where W's extent E lands: right after a's extent in X. */
  private static final long L = X + SECTOR;

  private static Explorer.Run setUp(RelocationStrategy strategy, boolean withCommitter) {
    FakeFsContext ctx = Scenarios.context(strategy);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(
        ctx,
        fs.create("a", false),
        direct(fs, "a", 0, SECTOR, 1),
        fs.commit(),
        fs.create("f", false));
    Driver d = new Driver(ctx, direct(fs, "f", 0, SECTOR, 7), fs.relocate(X));
    if (withCommitter) {
      d.add("committer", fs.commit());
    }
    return new Explorer.Run(fs, ctx, d);
  }

  @Test
  void flushDelallocStrategyLosesTheDirectWrite() {
    Explorer.Run run = setUp(Recipes.FLUSH_DELALLOC, true);
    Btrfs fs = run.fs();
    Driver d = run.driver();
    d.step(W); // 1. W reserves E at L in X
    d.step(R); // 2. X read-only
    d.step(R); //    relocation inode
    d.step(R); // 3. flush delalloc: W has none
    d.step(R); // 4. wait for all ordered extents: W has none yet
    d.steps(R, 3); // 5. MOVE pass: commit, copy a's extent, commit; E is not in the commit root
    d.step(W); // 6. W's ordered extent, data at L; W returns
    assertTrue(d.done(W));
    d.steps(3, 3); // 7. the endio-write worker: file extent item O -> L, delayed ref
    assertEquals(SECTOR, Scenarios.group(fs, X).used(), "a's extent only");
    d.step(C); // 8. commit: E's extent item appears
    assertEquals(2 * SECTOR, Scenarios.group(fs, X).used(), "a's extent and E");
    d.steps(R, 7); // 9. UPDATE passes see E but have no copy of it
    assertEquals("remove chunk " + X, d.peek(R).describe());
    d.step(R); // 10. WARN used > 0, chunk removed anyway
    assertTrue(d.allDone(), d.toString());
    run(run.ctx(), fs.read("f", 0, SECTOR)); // 11.

    List<String> expected =
        List.of(
            "0: find_free_extent + reserve: f offset 0 len 4096 -> extent "
                + L
                + " ("
                + BG_X
                + ", reservations 1)",
            "1: set " + BG_X + " read-only -> ro 1",
            "1: create relocation inode for " + BG_X + " -> ino 256",
            "1: start_delalloc_roots: flush delalloc of all inodes -> 0 inodes with delalloc",
            "1: wait_ordered_roots: all ordered extents finished");
    assertEquals(expected, d.timeline.subList(0, 5), d.toString());
    assertTrue(
        d.timeline.get(6).startsWith("1: MOVE_DATA_EXTENTS: copy extent " + X + " len 4096"));
    assertEquals(
        "0: create DIRECT ordered extent + submit bio at " + L + " len 4096", d.timeline.get(8));
    assertTrue(
        d.timeline
            .get(10)
            .startsWith("3: btrfs_finish_ordered_io: insert_reserved_file_extent f offset 0"),
        d.toString());
    assertTrue(
        d.timeline.contains(
            "1: UPDATE_DATA_PTRS: point references of extent "
                + L
                + " len 4096 at its copy -> no copy: references stay in "
                + BG_X),
        d.toString());

    assertEquals(List.of(BG_X + " has used 4096 bytes left"), run.ctx().events("warning"));
    assertEquals(
        List.of("unable to find logical " + L + " len 4096"), run.ctx().events("data-loss"));
    List<String> violations = fs.violations();
    assertTrue(
        violations.contains("chunk " + X + " removed with used 4096 bytes (block group 2)"),
        violations.toString());
    assertTrue(
        violations.contains(
            "file extent item of f at offset 0 points to logical " + L + " in removed chunk " + X),
        violations.toString());
    assertNull(Scenarios.group(fs, X));
    assertEquals(1, fs.stats().get("data_loss_events"));
  }

  @Test
  void waitReservationsStrategyMakesTheSameOrderImpossible() {
    Explorer.Run run = setUp(Recipes.WAIT_RESERVATIONS_47, true);
    Btrfs fs = run.fs();
    Driver d = run.driver();
    int blocked = d.attempt(W, R, R, R, R, R, R, R, W, W, C);
    assertEquals(3, blocked, d.toString());
    assertEquals(
        "wait_block_group_reservations: " + BG_X + " reservations == 0", d.peek(R).describe());
    assertFalse(d.peek(R).ready());

    d.step(W); // W's ordered extent exists: reservations drop to 0
    d.step(R); // reservations == 0
    d.step(R); // nocow writers == 0
    assertEquals(
        "wait_ordered_extents: none in [" + X + ", " + (X + 8 * Scenarios.MIB) + ")",
        d.peek(R).describe());
    assertFalse(d.peek(R).ready(), "W's ordered extent is in X's range");
    d.step(W); // completion
    d.finish(R);
    d.finish(C);
    assertNull(Scenarios.verdict(run, "f", "a"), d.toString());
    assertNull(Scenarios.group(fs, X));
    assertTrue(run.ctx().events("warning").isEmpty());
    assertEquals(2, fs.stats().get("relocation_extents_moved"));
  }

  @Test
  void everyInterleavingUnderWaitReservationsReadsBackTheData() {
    Explorer e =
        new Explorer(
                () -> setUp(Recipes.WAIT_RESERVATIONS_47, true),
                r -> Scenarios.verdict(r, "f", "a"),
                Scenarios.PREEMPTIONS)
            .explore();
    assertTrue(e.schedules > 100, "schedules " + e.schedules);
    assertEquals(List.of(), e.bad);
  }

  @Test
  void interleavingsUnderFlushDelallocLoseData() {
    Explorer e =
        new Explorer(
                () -> setUp(Recipes.FLUSH_DELALLOC, true),
                r -> Scenarios.verdict(r, "f", "a"),
                Scenarios.PREEMPTIONS)
            .explore();
    assertFalse(e.bad.isEmpty());
    assertTrue(
        e.bad.stream().anyMatch(b -> b.contains("unable to find logical " + L + " len 4096")),
        e.bad.toString());
    assertTrue(e.bad.size() < e.schedules);
  }
}
