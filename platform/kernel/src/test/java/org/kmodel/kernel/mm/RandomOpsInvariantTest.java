package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kmodel.kernel.mm.MmHarness.K4;
import static org.kmodel.kernel.mm.MmHarness.M2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * Long seeded random sequences of every memory operation — over several processes, with forks, THP
 * modes and COW modes changing underneath, on a machine small enough that reclaim, swap and OOM
 * kills happen — with the invariant checker after every operation and a shadow model of what every
 * written page must read back.
 */
class RandomOpsInvariantTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final int OPS = 600;

  /** A seed's release: each named one in turn, so every generation's paths are exercised. */
  private static final KernelVersion[] RELEASES = {
    KernelVersion.of(2, 6, 38),
    KernelVersion.of(4, 7),
    KernelVersion.of(5, 8),
    KernelVersion.of(6, 1),
    KernelVersion.of(6, 12),
    KernelVersion.of(6, 13)
  };

  private MmHarness h;
  private SplittableRandom rnd;
  private final Map<String, TreeMap<Long, Integer>> shadow = new HashMap<>();
  private final Map<String, List<String>> regions = new HashMap<>();
  private int names;
  private String last;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomOperationsNeverBreakAnInvariantOrLoseData(long seed) {
    h =
        new MmHarness(
            new KernelConfig(24L << 20, 16L << 20, "", 0).withKernel(RELEASES[(int) (seed % 6)]),
            TestPlugins.FirstFitAllocator::new);
    rnd = new SplittableRandom(seed);
    for (int i = 0; i < OPS; i++) {
      String op = step();
      last = op;
      forgetDead();
      List<String> v = new DebugVm(h.mm).check();
      if (!v.isEmpty()) {
        fail("seed " + seed + ", op " + i + " (" + op + "): " + v);
      }
      verifyShadow(seed, i);
    }
    for (String pid : List.copyOf(shadow.keySet())) {
      h.mm.exit(pid);
    }
    assertEquals(List.of(), new DebugVm(h.mm).check());
    assertEquals(0, h.kernel.memory().usedFrames(), "every frame is free once every process exits");
  }

  private String step() {
    List<String> pids = new ArrayList<>(shadow.keySet());
    pids.sort(null);
    int choice = rnd.nextInt(100);
    if (pids.isEmpty() || (choice < 4 && pids.size() < 4)) {
      String pid = "p" + names++;
      h.mm.spawn(pid);
      shadow.put(pid, new TreeMap<>());
      regions.put(pid, new ArrayList<>());
      return "spawn " + pid;
    }
    String pid = pids.get(rnd.nextInt(pids.size()));
    List<String> regs = regions.get(pid);
    try {
      if (choice < 14 || regs.isEmpty()) {
        long size = (1 + rnd.nextInt(1536)) * K4;
        long align = rnd.nextBoolean() ? M2 : 0;
        String name = "r" + names++;
        h.mm.mmapAnonymous(pid, name, size, align, RW);
        regs.add(name);
        return "mmap " + pid + " " + name + " " + size;
      }
      String region = regs.get(rnd.nextInt(regs.size()));
      Process.Region r = h.region(pid, region);
      long pages = r.length() / K4;
      long from = r.start() + rnd.nextLong(pages) * K4;
      long to = Math.min(r.end(), from + (1 + rnd.nextLong(Math.min(pages, 1024))) * K4);
      String span = String.format("%s %s [%x,%x)", pid, region, from, to);
      if (choice < 34) {
        int value = rnd.nextInt(1, 1_000_000);
        if (h.mm.fill(pid, from, to, value)) {
          for (long va = from; va < to; va += K4) {
            shadow.get(pid).put(va, value);
          }
        }
        return "fill " + span + " = " + value;
      } else if (choice < 44) {
        h.mm.touch(pid, from, to, K4, rnd.nextBoolean());
        return "touch " + span;
      } else if (choice < 50) {
        h.mm.munmap(pid, from, to);
        shadow.get(pid).subMap(from, to).clear();
        return "munmap " + span;
      } else if (choice < 56) {
        h.mm.madviseDontneed(pid, from, to);
        shadow.get(pid).subMap(from, to).clear();
        return "dontneed " + span;
      } else if (choice < 61) {
        h.mm.mprotect(pid, from, to, rnd.nextBoolean() ? VmFlags.READ : RW);
        return "mprotect " + span;
      } else if (choice < 66) {
        h.mm.madviseHugepage(pid, from, to, rnd.nextBoolean());
        return "madvise hugepage/nohugepage " + span;
      } else if (choice < 71) {
        h.mm.madvisePageout(pid, from, to);
        return "pageout " + span;
      } else if (choice < 75) {
        h.mm.madviseCollapse(pid, r.start(), r.end());
        return "collapse " + pid + " " + region;
      } else if (choice < 80) {
        String name = "m" + names++;
        Process.Region moved = h.mm.mremap(pid, from, to, name, rnd.nextBoolean() ? M2 : 0);
        TreeMap<Long, Integer> s = shadow.get(pid);
        Map<Long, Integer> part = new TreeMap<>(s.subMap(from, to));
        s.subMap(from, to).clear();
        part.forEach((va, v) -> s.put(moved.start() + (va - from), v));
        regs.add(name);
        return "mremap " + span + " -> " + name;
      } else if (choice < 85 && shadow.size() < 6) {
        String child = "p" + names++;
        h.mm.fork(pid, child);
        shadow.put(child, new TreeMap<>(shadow.get(pid)));
        regions.put(child, new ArrayList<>(regs));
        return "fork " + pid + " -> " + child;
      } else if (choice < 88) {
        h.mm.exit(pid);
        return "exit " + pid;
      } else {
        h.thp(List.of("always", "madvise", "never").get(rnd.nextInt(3)));
        return "thp mode";
      }
    } catch (MmException expected) {
      return "errno " + expected.errno();
    }
  }

  private void forgetDead() {
    shadow.keySet().removeIf(pid -> h.kernel.processes().get(pid) == null);
    regions.keySet().removeIf(pid -> !shadow.containsKey(pid));
  }

  private void verifyShadow(long seed, int op) {
    for (Map.Entry<String, TreeMap<Long, Integer>> e : shadow.entrySet()) {
      for (Map.Entry<Long, Integer> page : e.getValue().entrySet()) {
        int got = h.mm.contentAt(e.getKey(), page.getKey());
        if (got != page.getValue()) {
          fail(
              String.format(
                  "seed %d, op %d (%s): %s at %#x reads %d, expected %d",
                  seed, op, last, e.getKey(), page.getKey(), got, page.getValue()));
        }
      }
    }
  }
}
