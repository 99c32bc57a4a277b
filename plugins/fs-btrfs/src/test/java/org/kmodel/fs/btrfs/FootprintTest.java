package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.direct;
import static org.kmodel.fs.btrfs.Scenarios.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.RelocationStrategy;

/**
 * The footprints the steps declare are what the explorer's partial-order reduction trusts: two
 * steps of different tasks whose footprints do not conflict must commute. Along random schedules of
 * relocation racing writers, at every state, every such pair is run in both orders from that state:
 * each must leave the other enabled, and both orders must reach the same filesystem (state hash,
 * statistics, violations, the data of every file, the tasks still to run).
 */
class FootprintTest {
  private static final int SCHEDULES = 12;

  static List<Arguments> setUps() {
    List<Arguments> out = new ArrayList<>();
    for (RelocationStrategy recipe :
        List.of(Recipes.WAIT_RESERVATIONS_47, Recipes.FLUSH_DELALLOC)) {
      String r = recipe == Recipes.FLUSH_DELALLOC ? "4.6" : "4.7";
      out.add(
          Arguments.of(
              r + " two O_DIRECT writers", (Supplier<Explorer.Run>) () -> writers(recipe)));
      out.add(
          Arguments.of(r + " NOCOW writer", (Supplier<Explorer.Run>) () -> nocow(recipe, false)));
      out.add(
          Arguments.of(r + " prealloc writer", (Supplier<Explorer.Run>) () -> nocow(recipe, true)));
      out.add(
          Arguments.of(r + " buffered + fsync", (Supplier<Explorer.Run>) () -> buffered(recipe)));
    }
    return out;
  }

  private static Explorer.Run writers(RelocationStrategy recipe) {
    FakeFsContext ctx = Scenarios.context(recipe);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, SECTOR, 1), fs.commit());
    run(ctx, fs.create("f1", false), fs.create("f2", false));
    return new Explorer.Run(
        fs,
        ctx,
        new Driver(
            ctx,
            fs.relocate(X),
            direct(fs, "f1", 0, SECTOR, 1),
            direct(fs, "f2", 0, 2 * SECTOR, 2),
            fs.commit()));
  }

  private static Explorer.Run nocow(RelocationStrategy recipe, boolean prealloc) {
    FakeFsContext ctx = Scenarios.context(recipe);
    Btrfs fs = Scenarios.mkfs(ctx);
    if (prealloc) {
      run(ctx, fs.create("n", false), fs.fallocate("n", 0, 2 * SECTOR), fs.commit());
    } else {
      run(ctx, fs.create("n", true), direct(fs, "n", 0, 2 * SECTOR, 1), fs.commit());
    }
    run(ctx, fs.create("m", false));
    return new Explorer.Run(
        fs,
        ctx,
        new Driver(
            ctx,
            direct(fs, "n", 0, SECTOR, 2),
            fs.relocate(X),
            direct(fs, "m", 0, SECTOR, 3),
            direct(fs, "n", SECTOR, SECTOR, 4)));
  }

  private static Explorer.Run buffered(RelocationStrategy recipe) {
    FakeFsContext ctx = Scenarios.context(recipe);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(ctx, fs.create("a", false), direct(fs, "a", 0, SECTOR, 1), fs.commit());
    run(ctx, fs.create("b", false), Scenarios.buffered(fs, "b", 0, 2 * SECTOR, 5));
    return new Explorer.Run(
        fs, ctx, new Driver(ctx, fs.fsync("b"), fs.relocate(X), direct(fs, "a", 0, SECTOR, 6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setUps")
  void independentStepsCommute(String name, Supplier<Explorer.Run> fresh) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    int pairs = 0;
    for (int s = 0; s < SCHEDULES; s++) {
      List<String> prefix = new ArrayList<>();
      while (true) {
        Explorer.Run run = replay(fresh, prefix);
        Driver d = run.driver();
        List<Integer> enabled = d.enabled();
        if (enabled.isEmpty()) {
          break;
        }
        for (int i = 0; i < enabled.size(); i++) {
          for (int j = i + 1; j < enabled.size(); j++) {
            Footprint a = d.peek(enabled.get(i)).footprint();
            Footprint b = d.peek(enabled.get(j)).footprint();
            if (!a.conflicts(b)) {
              pairs++;
              String ta = d.name(enabled.get(i));
              String tb = d.name(enabled.get(j));
              assertEquals(
                  outcome(fresh, prefix, ta, tb),
                  outcome(fresh, prefix, tb, ta),
                  "after " + prefix + ": " + ta + " (" + a + ") and " + tb + " (" + b + ")");
            }
          }
        }
        for (int i : enabled) {
          for (int j = 0; j < d.size(); j++) {
            FsStep blocked = d.peek(j);
            if (blocked != null
                && !blocked.ready()
                && !d.peek(i).footprint().conflicts(blocked.footprint())) {
              pairs++;
              String ta = d.name(i);
              String tb = d.name(j);
              Explorer.Run again = replay(fresh, prefix);
              again.driver().step(again.driver().index(ta));
              FsStep after = again.driver().peek(again.driver().index(tb));
              assertTrue(
                  after == null || !after.ready(),
                  ta + " woke " + tb + " after " + prefix + "\n" + again.driver());
            }
          }
        }
        prefix.add(d.name(enabled.get(random.nextInt(enabled.size()))));
      }
    }
    assertTrue(pairs > 0, "no independent pair met");
  }

  private static Explorer.Run replay(Supplier<Explorer.Run> fresh, List<String> prefix) {
    Explorer.Run run = fresh.get();
    for (String t : prefix) {
      run.driver().step(run.driver().index(t));
    }
    return run;
  }

  /** The state after {@code first} then {@code second}, each of which must be able to run. */
  private static String outcome(
      Supplier<Explorer.Run> fresh, List<String> prefix, String first, String second) {
    Explorer.Run run = replay(fresh, prefix);
    Driver d = run.driver();
    d.step(d.index(first));
    FsStep next = d.peek(d.index(second));
    assertTrue(
        next != null && next.ready(),
        first + " disabled " + second + " after " + prefix + "\n" + d);
    d.step(d.index(second));
    Btrfs fs = run.fs();
    Map<String, Long> data = new TreeMap<>();
    for (String path : fs.inodes.keySet()) {
      for (long off = 0; off < 2 * SECTOR; off += SECTOR) {
        data.put(path + "@" + off, fs.valueAt(path, off));
      }
    }
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      if (d.peek(i) != null) {
        pending.add(d.name(i));
      }
    }
    pending.sort(null);
    return "hash "
        + fs.stateHash()
        + "\nstats "
        + fs.stats()
        + "\nviolations "
        + fs.violations()
        + "\ndata "
        + data
        + "\npending "
        + pending;
  }
}
