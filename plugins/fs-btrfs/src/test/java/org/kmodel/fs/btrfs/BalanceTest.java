package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.BG_X;
import static org.kmodel.fs.btrfs.Scenarios.MIB;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FsGeometry;

/** Balance: filters, walk order, ENOSPC accounting, cancel. */
class BalanceTest {
  private static final BalanceFilter DATA =
      BalanceFilter.builder().type(BlockGroupType.DATA).usagePercent(-1).limit(-1).build();

  private FakeFsContext ctx = Scenarios.context(Recipes.WAIT_RESERVATIONS_47);

  private List<Long> dataGroups(Btrfs fs) {
    return fs.blockGroups().stream()
        .filter(g -> g.type() == BlockGroupType.DATA)
        .map(BlockGroupInfo::start)
        .toList();
  }

  @Test
  void usageFilterRelocatesOnlyTheEmptierGroup() {
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, 7 * MIB, 1));
    run(ctx, fs.create("b", false), direct(fs, "b", 0, 2 * MIB, 2), fs.commit());
    long y = X + 8 * MIB;
    assertEquals(List.of(X, y), dataGroups(fs));

    Driver d =
        new Driver(
            ctx,
            fs.balance(
                BalanceFilter.builder()
                    .type(BlockGroupType.DATA)
                    .usagePercent(50)
                    .limit(-1)
                    .build()));
    d.finish(0);
    assertEquals(
        "0: balance: consider block group 3 (logical " + y + ")" + " -> relocate",
        d.timeline.get(1));
    assertTrue(d.timeline.contains("0: balance: consider " + BG_X + " -> skip"), d.toString());
    assertEquals(List.of(X, y + 8 * MIB), dataGroups(fs));
    assertEquals(4, fs.stats().get("balance_considered"));
    assertEquals(1, fs.stats().get("balance_relocated"));
    assertEquals(
        List.of("balance started", "balance finished: considered 4, relocated 1, 0 enospc errors"),
        ctx.events("balance"));
    run(ctx, fs.read("a", 0, 7 * MIB), fs.read("b", 0, 2 * MIB));
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void usageZeroFreesAnEmptyGroupWithoutWorkSpace() {
    // The device holds exactly SYSTEM, METADATA and one DATA chunk: no room for another.
    Btrfs fs =
        Scenarios.mkfs(
            FsGeometry.builder()
                .deviceBytes(17 * MIB)
                .dataChunkBytes(8 * MIB)
                .metadataChunkBytes(4 * MIB)
                .sectorBytes(SECTOR)
                .build(),
            ctx);
    run(
        ctx,
        fs.balance(
            BalanceFilter.builder().type(BlockGroupType.DATA).usagePercent(0).limit(-1).build()));
    assertEquals(List.of(), dataGroups(fs));
    assertEquals(1, fs.stats().get("balance_relocated"));
    assertEquals(0, fs.stats().get("balance_enospc"));
    // The freed device space serves the next data chunk.
    run(ctx, fs.create("f", false), direct(fs, "f", 0, SECTOR, 1), fs.read("f", 0, SECTOR));
    assertEquals(1, dataGroups(fs).size());
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void enospcIsCountedPerChunkAndReported() {
    // Room for exactly two DATA chunks, each more than half full.
    Btrfs fs =
        Scenarios.mkfs(
            FsGeometry.builder()
                .deviceBytes(25 * MIB)
                .dataChunkBytes(8 * MIB)
                .metadataChunkBytes(4 * MIB)
                .sectorBytes(SECTOR)
                .build(),
            ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, 5 * MIB, 1));
    run(ctx, fs.create("b", false), direct(fs, "b", 0, 5 * MIB, 2), fs.commit());
    assertEquals(2, dataGroups(fs).size());

    run(ctx, fs.balance(DATA));
    assertEquals(2, fs.stats().get("balance_enospc"));
    assertEquals(0, fs.stats().get("balance_relocated"));
    assertTrue(
        ctx.events("enospc").contains("2 enospc errors during balance"), ctx.events.toString());
    assertTrue(fs.blockGroups().stream().allMatch(g -> g.readOnly() == 0));

    // A write larger than the free space: what fits is written, the rest is ENOSPC.
    run(ctx, fs.create("c", false), direct(fs, "c", 0, 8 * MIB, 3));
    assertEquals(
        "find_free_extent: no space for 2097152 bytes of c at offset 6291456",
        ctx.events("enospc").get(ctx.events("enospc").size() - 1));
    assertEquals(3, fs.stats().get("enospc_events"), "two chunks and one write");
    run(
        ctx,
        fs.commit(),
        fs.read("c", 0, 8 * MIB),
        fs.read("a", 0, 5 * MIB),
        fs.read("b", 0, 5 * MIB));
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void cancelStopsAfterTheCurrentGroup() {
    Btrfs fs = Scenarios.mkfs(ctx);
    for (String f : List.of("a", "b", "c")) {
      run(ctx, fs.create(f, false), direct(fs, f, 0, 6 * MIB, f.charAt(0)));
    }
    run(ctx, fs.commit());
    List<Long> before = dataGroups(fs);
    assertEquals(3, before.size());

    Driver d = new Driver(ctx, fs.balance(DATA));
    d.steps(0, 3); // start, consider the highest group, set it read-only
    fs.cancelBalance();
    d.finish(0);
    assertNull(Scenarios.group(fs, before.get(2)));
    assertNotNull(Scenarios.group(fs, before.get(0)));
    assertNotNull(Scenarios.group(fs, before.get(1)));
    assertEquals(1, fs.stats().get("balance_relocated"));
    assertEquals(
        "balance canceled: considered 1, relocated 1, 0 enospc errors",
        ctx.events("balance").get(1));
    assertNull(fs.balance);
    run(ctx, fs.read("a", 0, 6 * MIB), fs.read("b", 0, 6 * MIB), fs.read("c", 0, 6 * MIB));
    assertEquals(List.of(), fs.violations());
  }

  @Test
  void limitAndTypeFilters() {
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, 6 * MIB, 1));
    run(ctx, fs.create("b", false), direct(fs, "b", 0, 6 * MIB, 2), fs.commit());
    run(
        ctx,
        fs.balance(
            BalanceFilter.builder().type(BlockGroupType.DATA).usagePercent(-1).limit(1).build()));
    assertEquals(1, fs.stats().get("balance_relocated"));
    assertEquals(1, fs.stats().get("balance_considered"));

    run(
        ctx,
        fs.balance(
            BalanceFilter.builder()
                .type(BlockGroupType.METADATA)
                .usagePercent(-1)
                .limit(-1)
                .build()));
    assertEquals(2, fs.stats().get("balance_relocated"));
    List<BlockGroupInfo> meta =
        fs.blockGroups().stream().filter(g -> g.type() == BlockGroupType.METADATA).toList();
    assertEquals(1, meta.size());
    assertTrue(meta.get(0).start() > X, "a fresh METADATA chunk replaced the old one");
    run(ctx, fs.read("a", 0, 6 * MIB), fs.read("b", 0, 6 * MIB));
    assertEquals(List.of(), fs.violations());
  }
}
