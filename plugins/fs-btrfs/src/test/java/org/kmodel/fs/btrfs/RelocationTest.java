package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.BG_X;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.buffered;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.RelocationStrategy;

/** Relocating one block group, alone or beside buffered writers. */
class RelocationTest {

  private static RelocationStrategy strategy(boolean flushDelalloc) {
    return flushDelalloc ? Recipes.FLUSH_DELALLOC : Recipes.WAIT_RESERVATIONS_47;
  }

  @ParameterizedTest(name = "flushDelalloc={0}")
  @ValueSource(booleans = {false, true})
  void relocationMovesCommittedExtentsAndReadsStillReturnTheData(boolean flushDelalloc) {
    FakeFsContext ctx = Scenarios.context(strategy(flushDelalloc));
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, 2 * SECTOR, 1));
    run(ctx, fs.create("b", false), buffered(fs, "b", 0, SECTOR, 2), fs.fsync("b"), fs.commit());
    run(ctx, fs.relocate(X));

    assertNull(Scenarios.group(fs, X));
    long newGroup = fs.blockGroups().get(2).start();
    assertTrue(newGroup > X);
    assertEquals(3 * SECTOR, fs.blockGroups().get(2).used());
    for (Inode inode : fs.inodes.values()) {
      for (FileExtent item : inode.extents.values()) {
        assertTrue(item.diskBytenr() >= newGroup, inode.path);
      }
    }
    run(ctx, fs.read("a", 0, 2 * SECTOR), fs.read("b", 0, SECTOR));
    assertEquals(List.of(), ctx.events("data-loss"));
    assertEquals(List.of(), ctx.events("warning"));
    assertEquals(List.of(), fs.violations());
    Map<String, Long> stats = fs.stats();
    assertEquals(2, stats.get("relocation_extents_moved"));
    assertEquals(3 * SECTOR, stats.get("relocation_bytes_moved"));
    assertEquals(2, stats.get("relocation_passes"), "one MOVE and one UPDATE pass");
    assertEquals(1, stats.get("chunks_removed"));
    assertEquals(1, stats.get("relocations_finished"));
    assertEquals(
        List.of("relocating " + BG_X + " flags data", "found 2 extents", "found 2 extents"),
        ctx.events("relocation"));
    assertTrue(fs.relocations.isEmpty());
  }

  @Test
  void aRunningRelocationKeepsTheRecipeItStartedWith() {
    FakeFsContext ctx = Scenarios.context(Recipes.FLUSH_DELALLOC);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, SECTOR, 1), fs.commit());
    Driver d = new Driver(ctx, fs.relocate(X));
    d.step(0);
    ctx.strategy = Recipes.WAIT_RESERVATIONS_47;
    d.finish(0);
    assertTrue(d.timeline.stream().anyMatch(t -> t.contains("start_delalloc_roots")), d.toString());
    assertFalse(d.timeline.stream().anyMatch(t -> t.contains("wait_block_group_reservations")));

    long next = fs.blockGroups().get(2).start();
    Driver second = new Driver(ctx, fs.relocate(next));
    second.finish(0);
    assertTrue(second.timeline.stream().anyMatch(t -> t.contains("wait_block_group_reservations")));
    run(ctx, fs.read("a", 0, SECTOR));
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void withoutAStrategyNothingIsRelocated() {
    FakeFsContext ctx = Scenarios.context(null);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.relocate(X), fs.relocate(12345));
    assertNotNull(Scenarios.group(fs, X));
    assertEquals(
        List.of(
            BG_X + ": no relocation strategy attached, not relocated",
            "block group at logical 12345: no such block group"),
        ctx.events("relocation"));
  }

  @Test
  void aRecipeWithoutRemoveChunkLeavesTheGroupWritable() {
    FakeFsContext ctx =
        Scenarios.context(
            Recipes.strategy(
                org.kmodel.api.fs.RelocationPrimitive.SET_READ_ONLY,
                org.kmodel.api.fs.RelocationPrimitive.RELOCATE_PASSES));
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, SECTOR, 1), fs.commit(), fs.relocate(X));
    assertEquals(0, Scenarios.group(fs, X).readOnly());
    run(ctx, fs.commit(), fs.read("a", 0, SECTOR));
    assertEquals(List.of(), fs.violations());
    assertEquals(0, Scenarios.group(fs, X).used(), "a's data was moved all the same");
  }

  /**
   * Buffered writers are safe under both strategies: the 4.6 flush waits for a writeback holding
   * the pages (the serialisation the seed describes), 4.7 waits for its reservation.
   */
  @ParameterizedTest(name = "flushDelalloc={0}")
  @ValueSource(booleans = {false, true})
  void bufferedWritebackNeverLosesDataUnderEitherStrategy(boolean flushDelalloc) {
    Explorer e =
        new Explorer(
                () -> {
                  FakeFsContext ctx = Scenarios.context(strategy(flushDelalloc));
                  Btrfs fs = Scenarios.mkfs(ctx);
                  run(ctx, fs.create("a", false), direct(fs, "a", 0, SECTOR, 1), fs.commit());
                  run(ctx, fs.create("f", false), buffered(fs, "f", 0, SECTOR, 5));
                  return new Explorer.Run(fs, ctx, new Driver(ctx, fs.fsync("f"), fs.relocate(X)));
                },
                r -> Scenarios.verdict(r, "f", "a"),
                Scenarios.PREEMPTIONS)
            .explore();
    assertTrue(e.schedules > 20, "schedules " + e.schedules);
    assertEquals(List.of(), e.bad);
  }

  /** An application dirtying 16 consecutive sectors of "log" then calling fsync. */
  private static Map<String, Long> dirtyWhileRelocating(
      boolean flushDelalloc, List<String> events) {
    FakeFsContext ctx = Scenarios.context(strategy(flushDelalloc));
    Btrfs fs = Scenarios.mkfs(ctx);
    run(
        ctx,
        fs.create("a", false),
        direct(fs, "a", 0, SECTOR, 1),
        fs.commit(),
        fs.create("log", false));
    List<FsTask> app = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      app.add(buffered(fs, "log", (long) i * SECTOR, SECTOR, 100 + i));
    }
    app.add(fs.fsync("log"));
    Driver d = new Driver(ctx, new Sequence(app), fs.relocate(X));
    d.steps(0, 8); // half the file dirty
    while (!d.done(1)) { // relocation, with the completions of the writeback it started
      d.step(d.peek(1).ready() ? 1 : d.enabled().stream().filter(i -> i > 1).findFirst().get());
    }
    d.drain(); // the rest, then fsync with the endio-write workers it waits for
    run(ctx, fs.commit(), fs.read("log", 0, 16 * SECTOR), fs.read("a", 0, SECTOR));
    events.addAll(ctx.events("data-loss"));
    events.addAll(fs.violations());
    return fs.stats();
  }

  @Test
  void flushDelallocCutsTheExtentsOfAFileStillBeingDirtied() {
    List<String> problems = new ArrayList<>();
    Map<String, Long> flush = dirtyWhileRelocating(true, problems);
    Map<String, Long> wait = dirtyWhileRelocating(false, problems);
    assertEquals(List.of(), problems);

    assertEquals(8 * SECTOR, flush.get("relocation_flushed_bytes"));
    assertEquals(0, wait.get("relocation_flushed_bytes"));
    assertEquals(3, flush.get("extents_written"), "a, log[0,8) by the flush, log[8,16) by fsync");
    assertEquals(2, wait.get("extents_written"), "a, log[0,16) by fsync");
    assertEquals(flush.get("bytes_written"), wait.get("bytes_written"));
    assertTrue(flush.get("mean_extent_bytes") < wait.get("mean_extent_bytes"));
  }
}
