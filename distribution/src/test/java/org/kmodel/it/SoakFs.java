package org.kmodel.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.fs.WriteMode;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.fs.FsSupport;

/**
 * The filesystem half of the soak: files written buffered and O_DIRECT, preallocated, synced,
 * committed and read while block groups are relocated and balanced, with live swaps of the
 * relocation strategy between the 4.6 and the 4.7 plugin.
 *
 * <p>Filesystem tasks interleave step by step, in an order the campaign's seed chooses, only while
 * the 4.7 strategy is in the slot. Under the 4.6 strategy a direct write racing a relocation loses
 * its extent, as it did in Linux 4.6 (the explorer's race A); the campaign does not count a bug the
 * model is meant to have, so under 4.6 a task runs to its end before the next starts. A strategy is
 * swapped only when no task is in flight, as Linux's relocation holds its strategy for a whole
 * block group. One relocation or balance at a time, as Linux's exclusive-operation lock allows.
 * Workers the filesystem spawns ({@code FsContext.spawn}, e.g. a write's completion) join the tasks
 * in flight and are driven the same way.
 *
 * <p>Checks after every operation: the filesystem's own invariants ({@link FileSystem#violations})
 * and, for 16 blocks chosen at random among those the shadow knows, that the file reads back the
 * last value written there. Blocks a write in flight covers are not checked; blocks of a task that
 * met ENOSPC are forgotten, since how much of it landed is the filesystem's choice.
 */
final class SoakFs {
  static final List<String> STRATEGIES = List.of("reloc-wait-reservations", "reloc-flush-delalloc");
  private static final String INTERLEAVING = STRATEGIES.get(0);
  private static final long SECTOR = FsSupport.SECTOR;
  private static final int FILES = 4;
  private static final long FILE_SECTORS = 256;
  private static final int CHECKS = 16;

  private final Kernel kernel;
  private final SplittableRandom rnd;
  private final Soak.Report report;
  private final Soak swapper;
  private final List<Live> live = new ArrayList<>();
  private final Map<String, TreeMap<Long, Integer>> shadow = new HashMap<>();
  private FileSystem fs;

  /** A strategy swap was drawn: tasks in flight run to their end first, none starts. */
  private boolean swapWanted;

  /** A task in flight: the step it will run next, and what its end means for the shadow. */
  private final class Live {
    final String what;
    final String file;
    final long from;
    final long to;
    final int value;
    final boolean relocation;
    final FsTask task;
    final long enospcAtStart;
    FsStep next;
    boolean done;

    Live(String what, String file, long from, long to, int value, boolean relocation, FsTask task) {
      this.what = what;
      this.file = file;
      this.from = from;
      this.to = to;
      this.value = value;
      this.relocation = relocation;
      this.task = task;
      this.enospcAtStart = kernel.fs().enospcCount();
      this.next = task.next();
      this.done = next == null;
    }

    boolean writes() {
      return value != 0;
    }
  }

  SoakFs(Kernel kernel, SplittableRandom rnd, Soak.Report report, Soak swapper) {
    this.kernel = kernel;
    this.rnd = rnd;
    this.report = report;
    this.swapper = swapper;
  }

  /** One filesystem operation; a description for the log. */
  String step() {
    if (fs == null) {
      if (!kernel.fs().mkfs(64L << 20, 8L << 20, 4L << 20)) {
        throw new IllegalStateException("mkfs: no filesystem type in the slot");
      }
      fs = kernel.fs().fs();
      // A filesystem's workers (the end_io work of a write) are tasks in flight like the others:
      // they interleave with them, and a strategy swap or a 4.6 task waits for them to end.
      kernel
          .fs()
          .setSpawner((name, task) -> started(start("worker " + name, null, 0, 0, 0, false, task)));
      for (int i = 0; i < FILES; i++) {
        finish(start("create f" + i, null, 0, 0, 0, false, fs.create("f" + i, i == FILES - 1)));
      }
      return "mkfs 64M";
    }
    if (swapWanted) {
      if (!live.isEmpty()) {
        return advance();
      }
      swapWanted = false;
      return swapper.swap(RelocationStrategy.SLOT, "relocation", STRATEGIES);
    }
    boolean interleave = INTERLEAVING.equals(swapper.occupant(RelocationStrategy.SLOT));
    if (!live.isEmpty() && (!interleave || rnd.nextInt(100) < 60)) {
      return advance();
    }
    int c = rnd.nextInt(100);
    if (c < 4) {
      swapWanted = true;
      return "drain for a relocation strategy swap";
    }
    String file = "f" + rnd.nextInt(FILES);
    long from = rnd.nextLong(FILE_SECTORS) * SECTOR;
    long to = Math.min(FILE_SECTORS * SECTOR, from + (1 + rnd.nextLong(32)) * SECTOR);
    if (c < 50 && overlapsLive(file, from, to)) {
      return advance();
    }
    if (c < 40) {
      int value = rnd.nextInt(1, 1_000_000);
      WriteMode mode = rnd.nextBoolean() ? WriteMode.DIRECT : WriteMode.BUFFERED;
      Live w =
          start(
              "write " + mode + " " + range(file, from, to) + " = " + value,
              file,
              from,
              to,
              value,
              false,
              fs.write(file, from, to - from, value, mode));
      return started(w);
    }
    if (c < 50) {
      return started(
          start(
              "fallocate " + range(file, from, to),
              file,
              from,
              to,
              0,
              false,
              fs.fallocate(file, from, to - from)));
    }
    if (c < 62) {
      return started(start("fsync " + file, file, 0, 0, 0, false, fs.fsync(file)));
    }
    if (c < 72) {
      return started(start("commit", null, 0, 0, 0, false, fs.commit()));
    }
    if (c < 84) {
      return started(
          start(
              "read " + range(file, from, to),
              file,
              0,
              0,
              0,
              false,
              fs.read(file, from, to - from)));
    }
    if (live.stream().anyMatch(l -> l.relocation)) {
      return advance();
    }
    if (c < 94) {
      List<BlockGroupInfo> data = new ArrayList<>();
      for (BlockGroupInfo g : fs.blockGroups()) {
        if (g.type() == BlockGroupType.DATA) {
          data.add(g);
        }
      }
      if (data.isEmpty()) {
        return "relocate: no data block group";
      }
      BlockGroupInfo g = data.get(rnd.nextInt(data.size()));
      return started(
          start(
              "relocate block group at " + g.start(), null, 0, 0, 0, true, fs.relocate(g.start())));
    }
    return started(start("balance", null, 0, 0, 0, true, fs.balance(BalanceFilter.ALL)));
  }

  /** Invariant violations the filesystem reports now, or null; then read-back of some blocks. */
  String check() {
    if (fs == null) {
      return null;
    }
    List<String> v = kernel.fs().newViolations();
    if (!v.isEmpty()) {
      report.violations += v.size();
      return "filesystem invariant: " + Soak.firstOf(v);
    }
    List<String> files = new ArrayList<>(shadow.keySet());
    files.sort(null);
    for (int i = 0; i < CHECKS && !files.isEmpty(); i++) {
      String file = files.get(rnd.nextInt(files.size()));
      TreeMap<Long, Integer> blocks = shadow.get(file);
      if (blocks.isEmpty()) {
        continue;
      }
      Map.Entry<Long, Integer> e = blocks.ceilingEntry(rnd.nextLong(FILE_SECTORS) * SECTOR);
      if (e == null) {
        e = blocks.firstEntry();
      }
      if (inFlight(file, e.getKey())) {
        continue;
      }
      long got = fs.valueAt(file, e.getKey());
      if (got != e.getValue()) {
        report.mismatches++;
        return String.format(
            Locale.ROOT,
            "%s at %d reads %d, expected %d",
            file,
            e.getKey(),
            got,
            (long) e.getValue());
      }
    }
    return null;
  }

  /**
   * Whether a write or fallocate in flight overlaps the range: Linux orders overlapping writes by
   * the inode lock only for buffered ones, so the campaign keeps ranges in flight disjoint and
   * knows what each block must read.
   */
  private boolean overlapsLive(String file, long from, long to) {
    for (Live l : live) {
      if (l.file != null && l.file.equals(file) && l.to > from && l.from < to) {
        return true;
      }
    }
    return false;
  }

  private boolean inFlight(String file, long offset) {
    for (Live l : live) {
      if (l.writes() && l.file.equals(file) && offset >= l.from && offset < l.to) {
        return true;
      }
    }
    return false;
  }

  private Live start(
      String what, String file, long from, long to, int value, boolean relocation, FsTask task) {
    report.fsTasks++;
    return new Live(what, file, from, to, value, relocation, task);
  }

  private String started(Live l) {
    if (l.done) {
      ended(l);
      return l.what + " (no step)";
    }
    live.add(l);
    return "start " + l.what;
  }

  /** Runs one ready step of a task in flight; a task whose steps are all blocked is a deadlock. */
  private String advance() {
    List<Live> ready = new ArrayList<>();
    for (Live l : live) {
      if (l.next.ready()) {
        ready.add(l);
      }
    }
    if (ready.isEmpty()) {
      List<String> stuck = new ArrayList<>();
      for (Live l : live) {
        stuck.add(l.what + " at '" + l.next.describe() + "'");
      }
      throw new IllegalStateException("filesystem tasks deadlocked: " + stuck);
    }
    Live l = ready.get(rnd.nextInt(ready.size()));
    String what = l.next.describe();
    l.next.run();
    l.next = l.task.next();
    if (l.next == null) {
      live.remove(l);
      ended(l);
      return l.what + ": " + what + " (end)";
    }
    return l.what + ": " + what;
  }

  private void finish(Live l) {
    while (!l.done) {
      if (!l.next.ready()) {
        throw new IllegalStateException(l.what + " blocked at '" + l.next.describe() + "'");
      }
      l.next.run();
      l.next = l.task.next();
      l.done = l.next == null;
    }
    ended(l);
  }

  private void ended(Live l) {
    l.done = true;
    if (kernel.fs().enospcCount() != l.enospcAtStart) {
      report.fsEnospc++;
      if (l.file == null) {
        shadow.clear();
      } else {
        shadow.remove(l.file);
      }
      return;
    }
    if (l.writes()) {
      TreeMap<Long, Integer> blocks = shadow.computeIfAbsent(l.file, f -> new TreeMap<>());
      for (long off = l.from; off < l.to; off += SECTOR) {
        blocks.put(off, l.value);
      }
    }
  }

  private static String range(String file, long from, long to) {
    return file + " [" + from / SECTOR + "," + to / SECTOR + ") sectors";
  }
}
