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

  /**
   * The explorer's preemption bound here: R's ~50 steps make bound 2 take minutes; the
   * distribution's DirectIoRelocationRaceTest explores the shipped race scenarios exhaustively.
   */
  private static final int PREEMPTIONS = 1;

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

  /**
   * The race's first step already taken, and no committer (the relocation's own commits run W's
   * delayed ref): W has reserved E in X before R starts, so one preemption (R to W once the MOVE
   * pass has walked past L) reaches the loss.
   */
  private static Explorer.Run reserved(RelocationStrategy strategy) {
    Explorer.Run run = setUp(strategy, false);
    run.driver().step(W);
    return run;
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
    d.steps(R, 2); // 4. splice all ordered extents (W has none yet), wait for none
    d.steps(R, 14); // 5. MOVE pass: commit, copy a's extent, nothing more, commit
    assertEquals(
        "UPDATE_DATA_PTRS: prepare_to_relocate: btrfs_join_transaction (commit)",
        d.peek(R).describe(),
        "E is not in the commit root the MOVE pass walked");
    d.step(W); // 6. W's ordered extent, data at L; W returns
    assertTrue(d.done(W));
    d.steps(3, 3); // 7. the endio-write worker: join, file extent item O -> L + delayed ref, end
    assertTrue(d.done(3));
    assertEquals(SECTOR, Scenarios.group(fs, X).used(), "a's extent only: the ref is queued");
    d.finish(C); // 8. commit: the delayed ref runs, E's extent item appears
    assertEquals(2 * SECTOR, Scenarios.group(fs, X).used(), "a's extent and E");
    while (!d.peek(R).describe().equals("remove chunk " + X)) {
      d.step(R); // 9. UPDATE passes see E but have no copy of it
    }
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
            "1: btrfs_wait_ordered_roots: splice the ordered extents of all roots -> 0 to wait for",
            "1: btrfs_wait_ordered_roots: wait for the spliced ordered extents");
    assertEquals(expected, d.timeline.subList(0, 6), d.toString());
    assertTrue(
        d.timeline
            .get(11)
            .startsWith("1: MOVE_DATA_EXTENTS: find_next_extent: copy extent " + X + " len 4096"),
        d.toString());
    assertEquals(
        "1: MOVE_DATA_EXTENTS: find_next_extent: no extent left in the commit root",
        d.timeline.get(14),
        d.toString());
    assertEquals(
        "0: create DIRECT ordered extent + submit bio at " + L + " len 4096", d.timeline.get(20));
    assertTrue(
        d.timeline
            .get(22)
            .startsWith("3: btrfs_finish_ordered_io: insert_reserved_file_extent f offset 0"),
        d.toString());
    assertTrue(
        d.timeline.contains(
            "1: UPDATE_DATA_PTRS: find_next_extent: point references of extent "
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
    d.step(R); // the range splice takes W's ordered extent
    assertEquals(
        "1: btrfs_wait_ordered_roots: splice the ordered extents in ["
            + X
            + ", "
            + (X + 8 * Scenarios.MIB)
            + ") -> 1 to wait for",
        d.timeline.get(d.timeline.size() - 1));
    assertEquals(
        "btrfs_wait_ordered_roots: wait for the spliced ordered extents", d.peek(R).describe());
    assertFalse(d.peek(R).ready(), "W's ordered extent is in X's range");
    d.steps(3, 3); // the endio-write worker completes W and removes its ordered extent
    assertTrue(d.peek(R).ready());
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
                PREEMPTIONS)
            .explore();
    assertTrue(e.schedules > 100, "schedules " + e.schedules);
    assertEquals(List.of(), e.bad);
    Explorer after =
        new Explorer(
                () -> reserved(Recipes.WAIT_RESERVATIONS_47),
                r -> Scenarios.verdict(r, "f", "a"),
                PREEMPTIONS)
            .explore();
    assertEquals(List.of(), after.bad, "the order that loses the write under 4.6 is clean");
  }

  @Test
  void interleavingsUnderFlushDelallocLoseData() {
    Explorer e =
        new Explorer(
                () -> reserved(Recipes.FLUSH_DELALLOC),
                r -> Scenarios.verdict(r, "f", "a"),
                PREEMPTIONS)
            .explore();
    assertFalse(e.bad.isEmpty());
    assertTrue(
        e.bad.stream().anyMatch(b -> b.contains("unable to find logical " + L + " len 4096")),
        e.bad.toString());
    assertTrue(e.bad.size() < e.schedules);
  }
}
