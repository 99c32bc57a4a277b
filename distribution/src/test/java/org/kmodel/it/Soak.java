package org.kmodel.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.api.SlotId;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.arch.generic.GenericArchitecture;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.fs.btrfs.BtrfsType;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.DebugVm;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.mm.Process;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.sim.SimStep;
import org.kmodel.kernel.sim.Task;
import org.kmodel.reloc.flushdelalloc.FlushDelallocRelocation;
import org.kmodel.reloc.waitreservations.WaitReservationsRelocation;
import org.kmodel.testkit.harness.KernelHarness;
import org.kmodel.thp.hawkeye.HawkeyeThpPolicy;
import org.kmodel.thp.ingens.IngensThpPolicy;
import org.kmodel.thp.linux.LinuxThpPolicy;

/**
 * A seeded random-operation campaign over the real kernel with the shipped plugins — x86-64 and
 * generic architectures, the buddy allocator, the thp-linux, thp-ingens and thp-hawkeye policies —
 * swapping plugins while it runs, with {@code fail_page_alloc} failing 1% of page allocations of
 * every order and GFP kind, on a machine small enough that reclaim, swap and OOM kills happen.
 * After every operation DEBUG_VM checks the model's invariants and a shadow model checks that every
 * page written reads back what was last written to it. The campaign stops at the first violation or
 * mismatch, since the state after it is suspect, and names the seed, operation index and operation.
 *
 * <p>Swaps: the THP policy among the three at any time; the allocator between two instances of the
 * buddy allocator offered under different names (it is the only allocator shipped); the
 * architecture between x86-64 and generic only at moments with no process, since the kernel vetoes
 * a geometry change under live page tables (the campaign also ends every process now and then to
 * create such moments). The Linux release is the seed's, one of the named releases in turn. Every
 * eighth operation is the filesystem's ({@link SoakFs}), which swaps the relocation strategy; the
 * memory operations draw from their own random stream, so a seed's memory operations are the same
 * whatever the filesystem does.
 *
 * <p>{@code main(ops, seed)} runs the long version for {@code tools/soak/run.sh}: progress every 5%
 * on stderr, a table and one JSON line on stdout, exit 1 on any violation or mismatch.
 */
public final class Soak {
  private static final long K4 = 4096;
  private static final long M2 = 2L << 20;
  private static final long RW = VmFlags.READ | VmFlags.WRITE;
  private static final String THP_ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";
  private static final List<String> ARCHS = List.of("arch-x86_64", "arch-generic");
  private static final List<String> ALLOCATORS = List.of("allocator-buddy", "allocator-buddy-b");
  private static final List<String> POLICIES = List.of("thp-linux", "thp-ingens", "thp-hawkeye");

  /** The Linux release a seed's kernel models: the named ones in turn. */
  private static final List<String> RELEASES =
      List.of("6.13", "2.6.38", "4.7", "5.8", "6.1", "6.12");

  /** What a campaign saw; {@link #firstProblem} is null when it ran clean. */
  public static final class Report {
    public final long seed;
    public long operations;
    public final Map<String, Long> swaps = new LinkedHashMap<>();
    public final Map<String, Long> refusedSwaps = new LinkedHashMap<>();
    public long mmOperations;
    public long fsOperations;
    public long fsTasks;
    public long fsEnospc;
    public long violations;
    public long mismatches;
    public long oomKills;
    public long injectedFailures;
    public long errnos;
    public long wallMillis;
    public String firstProblem;

    /** The stack trace when the first problem was an exception, else null. */
    public String trace;

    Report(long seed) {
      this.seed = seed;
      for (String slot : List.of("arch", "allocator", "thp-policy", "relocation")) {
        swaps.put(slot, 0L);
        refusedSwaps.put(slot, 0L);
      }
    }

    public boolean clean() {
      return violations == 0 && mismatches == 0;
    }

    public String json() {
      StringBuilder b = new StringBuilder("{");
      b.append("\"seed\":").append(seed);
      b.append(",\"operations\":").append(operations);
      b.append(",\"mm_operations\":").append(mmOperations);
      b.append(",\"fs_operations\":").append(fsOperations);
      b.append(",\"fs_tasks\":").append(fsTasks);
      b.append(",\"fs_enospc\":").append(fsEnospc);
      b.append(",\"swaps\":").append(map(swaps));
      b.append(",\"refused_swaps\":").append(map(refusedSwaps));
      b.append(",\"violations\":").append(violations);
      b.append(",\"mismatches\":").append(mismatches);
      b.append(",\"oom_kills\":").append(oomKills);
      b.append(",\"injected_failures\":").append(injectedFailures);
      b.append(",\"errnos\":").append(errnos);
      b.append(",\"wall_ms\":").append(wallMillis);
      b.append(",\"first_problem\":");
      if (firstProblem == null) {
        b.append("null");
      } else {
        b.append('"').append(firstProblem.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
      return b.append('}').toString();
    }

    public String table() {
      StringBuilder b = new StringBuilder();
      row(b, "seed", seed);
      row(b, "operations", operations);
      row(b, "  memory", mmOperations);
      row(b, "  filesystem", fsOperations);
      row(b, "filesystem tasks", fsTasks);
      row(b, "filesystem ENOSPC", fsEnospc);
      swaps.forEach((slot, n) -> row(b, "swaps " + slot, n));
      refusedSwaps.forEach((slot, n) -> row(b, "refused swaps " + slot, n));
      row(b, "violations", violations);
      row(b, "mismatches", mismatches);
      row(b, "oom kills", oomKills);
      row(b, "injected failures", injectedFailures);
      row(b, "errno returns", errnos);
      row(b, "wall time ms", wallMillis);
      if (firstProblem != null) {
        b.append("first problem: ").append(firstProblem).append('\n');
      }
      return b.toString();
    }

    private static void row(StringBuilder b, String name, long value) {
      b.append(String.format(Locale.ROOT, "%-26s %12d%n", name, value));
    }

    private static String map(Map<String, Long> m) {
      StringBuilder b = new StringBuilder("{");
      m.forEach(
          (k, v) ->
              b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return b.append('}').toString();
    }
  }

  /** Every eighth operation is the filesystem's, drawn from its own random stream. */
  static final int FS_EVERY = 8;

  private static final long FS_STREAM = 0x5eed_f5L;
  private final long seed;
  private final Options options;
  private final SplittableRandom rnd;
  private final Report report;
  private final Map<String, TreeMap<Long, Integer>> shadow = new HashMap<>();
  private final Map<String, List<String>> regions = new HashMap<>();
  private KernelHarness harness;
  private Kernel kernel;
  private MemoryManager mm;
  private DebugVm debugVm;
  private SoakFs fsHalf;
  private long oomBase;
  private int names;
  private String previous = "none";

  private Soak(long seed, Options options) {
    this.seed = seed;
    this.options = options;
    this.rnd = new SplittableRandom(seed);
    this.report = new Report(seed);
  }

  /**
   * What a campaign includes. {@link #ALL} is the soak; {@link #MEMORY_ONLY} is the campaign as it
   * was before the filesystem half and order-0 failures were added, kept so that a seed that found
   * a bug then still replays the same operations.
   *
   * @param orderZeroFailures whether {@code fail_page_alloc} fails single pages too ({@code
   *     min-order} 0 instead of Linux's default 1)
   * @param filesystem whether every {@link #FS_EVERY}th operation is the filesystem's
   */
  public record Options(boolean orderZeroFailures, boolean filesystem) {
    public static final Options ALL = new Options(true, true);
    public static final Options MEMORY_ONLY = new Options(false, false);
  }

  /** Runs {@code ops} operations from {@code seed}; {@code progress} hears of every 5%. */
  public static Report run(long ops, long seed, Consumer<String> progress) {
    return run(ops, seed, Options.ALL, progress);
  }

  /** Runs a campaign with {@code options}. */
  public static Report run(long ops, long seed, Options options, Consumer<String> progress) {
    return new Soak(seed, options).campaign(ops, progress);
  }

  private Report campaign(long ops, Consumer<String> progress) {
    long start = System.nanoTime();
    harness =
        KernelHarness.builder()
            .arch(ARCHS.get(0), X86_64Architecture::new)
            .arch(ARCHS.get(1), GenericArchitecture::new)
            .allocator(ALLOCATORS.get(0), BuddyAllocator::new)
            .allocator(ALLOCATORS.get(1), BuddyAllocator::new)
            .thpPolicy(POLICIES.get(0), LinuxThpPolicy::new)
            .thpPolicy(POLICIES.get(1), IngensThpPolicy::new)
            .thpPolicy(POLICIES.get(2), HawkeyeThpPolicy::new)
            .filesystem("fs-btrfs", BtrfsType::new)
            .relocation(SoakFs.STRATEGIES.get(0), WaitReservationsRelocation::new)
            .relocation(SoakFs.STRATEGIES.get(1), FlushDelallocRelocation::new)
            .memory("24M")
            .swap("16M")
            .boot("fail_page_alloc=1,1,0,-1")
            .seed(seed)
            .kernel(RELEASES.get((int) Math.floorMod(seed, RELEASES.size())))
            .build();
    try {
      kernel = harness.kernel();
      mm = kernel.mm();
      debugVm = new DebugVm(mm);
      fsHalf = new SoakFs(kernel, new SplittableRandom(seed ^ FS_STREAM), report, this);
      // Linux's defaults spare user and sleeping allocations and order 0; the soak wants them all.
      knob(FailPageAlloc.DIR + "/ignore-gfp-wait", "N");
      knob(FailPageAlloc.DIR + "/ignore-gfp-highmem", "N");
      if (options.orderZeroFailures()) {
        knob(FailPageAlloc.DIR + "/min-order", "0");
      }
      oomBase = counter("oom_kill");
      long step = Math.max(1, ops / 20);
      for (long i = 0; i < ops && report.firstProblem == null; i++) {
        boolean fsOp = options.filesystem() && i % FS_EVERY == FS_EVERY - 1;
        String op;
        try {
          op = fsOp ? fsHalf.step() : step();
        } catch (MmException e) {
          op = "errno " + e.errno() + " from " + entry(e);
          report.errnos++;
        } catch (RuntimeException e) {
          report.violations++;
          StringWriter w = new StringWriter();
          e.printStackTrace(new PrintWriter(w));
          report.trace = w.toString();
          report.firstProblem =
              where(
                  i, "operation threw " + e + " in " + entry(e) + " (previous: " + previous + ")");
          break;
        }
        report.operations++;
        if (fsOp) {
          report.fsOperations++;
        } else {
          report.mmOperations++;
        }
        previous = op;
        String fsProblem = options.filesystem() ? fsHalf.check() : null;
        if (fsProblem != null) {
          report.firstProblem = where(i, op + ": " + fsProblem);
          break;
        }
        forgetDead();
        List<String> v = debugVm.check();
        if (!v.isEmpty()) {
          report.violations += v.size();
          report.firstProblem = where(i, op + ": " + firstOf(v));
          break;
        }
        String mismatch = verifyShadow();
        if (mismatch != null) {
          report.mismatches++;
          report.firstProblem = where(i, op + ": " + mismatch);
          break;
        }
        if ((i + 1) % step == 0) {
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "seed %d: %d/%d operations (%d%%), %.1f s",
                  seed,
                  i + 1,
                  ops,
                  (i + 1) * 100 / ops,
                  (System.nanoTime() - start) / 1e9));
        }
      }
      report.oomKills = counter("oom_kill") - oomBase;
      report.injectedFailures = kernel.failPageAlloc().injected();
    } finally {
      harness.close();
    }
    report.wallMillis = (System.nanoTime() - start) / 1_000_000;
    return report;
  }

  /** The first three of a list of violations, and how many there were. */
  static String firstOf(List<String> violations) {
    if (violations.size() <= 3) {
      return violations.toString();
    }
    return violations.subList(0, 3) + " and " + (violations.size() - 3) + " more";
  }

  /** The kernel method the campaign called when {@code e} was thrown. */
  private static String entry(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 1; i < trace.length; i++) {
      if (trace[i].getClassName().equals(Soak.class.getName())) {
        StackTraceElement called = trace[i - 1];
        return called.getClassName() + "." + called.getMethodName() + " <- " + trace[0];
      }
    }
    return String.valueOf(trace.length == 0 ? null : trace[0]);
  }

  private String where(long op, String what) {
    return "seed " + seed + ", op " + op + ": " + what;
  }

  private String step() {
    List<String> pids = new ArrayList<>(shadow.keySet());
    pids.sort(null);
    int choice = rnd.nextInt(1000);
    if (choice < 20) {
      return swap(ThpPolicy.SLOT, "thp-policy", POLICIES);
    }
    if (choice < 30) {
      return swap(PageAllocator.SLOT, "allocator", ALLOCATORS);
    }
    if (choice < 35 || (pids.isEmpty() && choice < 100)) {
      if (!pids.isEmpty()) {
        for (String pid : pids) {
          mm.exit(pid);
        }
        forgetDead();
      }
      return swap(Architecture.SLOT, "arch", ARCHS);
    }
    if (choice < 45) {
      long nanos = (1 + rnd.nextInt(3000)) * 1_000_000L;
      sleep(nanos);
      return "sleep " + nanos / 1_000_000 + " ms";
    }
    if (pids.isEmpty() || (choice < 80 && pids.size() < 4)) {
      String pid = "p" + names++;
      mm.spawn(pid);
      shadow.put(pid, new TreeMap<>());
      regions.put(pid, new ArrayList<>());
      return "spawn " + pid;
    }
    String pid = pids.get(rnd.nextInt(pids.size()));
    List<String> regs = regions.get(pid);
    if (choice < 180 || regs.isEmpty()) {
      long size = (1 + rnd.nextInt(1536)) * K4;
      long align = rnd.nextBoolean() ? M2 : 0;
      String name = "r" + names++;
      mm.mmapAnonymous(pid, name, size, align, RW);
      regs.add(name);
      return "mmap " + pid + " " + name + " " + size;
    }
    String region = regs.get(rnd.nextInt(regs.size()));
    Process.Region r = mm.process(pid).region(region);
    if (r == null) {
      regs.remove(region);
      return "forget " + pid + " " + region;
    }
    long pages = r.length() / K4;
    long from = r.start() + rnd.nextLong(pages) * K4;
    long to = Math.min(r.end(), from + (1 + rnd.nextLong(Math.min(pages, 1024))) * K4);
    String span = String.format(Locale.ROOT, "%s %s [%x,%x)", pid, region, from, to);
    int c = rnd.nextInt(100);
    if (c < 25) {
      int value = rnd.nextInt(1, 1_000_000);
      if (mm.fill(pid, from, to, value)) {
        for (long va = from; va < to; va += K4) {
          shadow.get(pid).put(va, value);
        }
      }
      return "fill " + span + " = " + value;
    } else if (c < 37) {
      mm.touch(pid, from, to, K4, rnd.nextBoolean());
      return "touch " + span;
    } else if (c < 43) {
      mm.munmap(pid, from, to);
      shadow.get(pid).subMap(from, to).clear();
      return "munmap " + span;
    } else if (c < 49) {
      mm.madviseDontneed(pid, from, to);
      shadow.get(pid).subMap(from, to).clear();
      return "dontneed " + span;
    } else if (c < 54) {
      mm.mprotect(pid, from, to, rnd.nextBoolean() ? VmFlags.READ : RW);
      return "mprotect " + span;
    } else if (c < 60) {
      mm.madviseHugepage(pid, from, to, rnd.nextBoolean());
      return "madvise hugepage/nohugepage " + span;
    } else if (c < 66) {
      mm.madvisePageout(pid, from, to);
      return "pageout " + span;
    } else if (c < 71) {
      // Without PMD huge pages (the generic architecture) this is EINVAL, counted as an errno.
      mm.madviseCollapse(pid, r.start(), r.end());
      return "collapse " + pid + " " + region;
    } else if (c < 77) {
      String name = "m" + names++;
      Process.Region moved = mm.mremap(pid, from, to, name, rnd.nextBoolean() ? M2 : 0);
      TreeMap<Long, Integer> s = shadow.get(pid);
      Map<Long, Integer> part = new TreeMap<>(s.subMap(from, to));
      s.subMap(from, to).clear();
      part.forEach((va, v) -> s.put(moved.start() + (va - from), v));
      regs.add(name);
      return "mremap " + span + " -> " + name;
    } else if (c < 83 && shadow.size() < 6) {
      String child = "p" + names++;
      mm.fork(pid, child);
      shadow.put(child, new TreeMap<>(shadow.get(pid)));
      regions.put(child, new ArrayList<>(regs));
      return "fork " + pid + " -> " + child;
    } else if (c < 86) {
      mm.exit(pid);
      return "exit " + pid;
    } else {
      String mode = List.of("always", "madvise", "never").get(rnd.nextInt(3));
      if (kernel.knobTree().find(THP_ENABLED) == null) {
        // Like Linux without PMD-sized THP, a policy on the generic architecture has no such file.
        return "thp " + mode + ": no knob";
      }
      knob(THP_ENABLED, mode);
      return "thp " + mode;
    }
  }

  /** The name of the plugin in a slot now. */
  String occupant(SlotId<?> slot) {
    return kernel.slots().slot(slot).occupantName();
  }

  /** Pins a slot to another of its implementations, counting the swap or the refusal. */
  String swap(SlotId<?> slot, String kind, List<String> names) {
    String current = kernel.slots().slot(slot).occupantName();
    List<String> others = new ArrayList<>(names);
    others.remove(current);
    String to = others.get(rnd.nextInt(others.size()));
    String refusal = kernel.slots().pin(slot, to, "soak");
    if (refusal != null) {
      report.refusedSwaps.merge(kind, 1L, Long::sum);
      return "swap " + kind + " to " + to + " refused: " + refusal;
    }
    String now = kernel.slots().slot(slot).occupantName();
    if (!to.equals(now)) {
      throw new IllegalStateException(
          "swap of " + kind + " to " + to + " accepted but the slot holds " + now);
    }
    report.swaps.merge(kind, 1L, Long::sum);
    return "swap " + kind + " " + current + " -> " + to;
  }

  /** Lets simulated time pass so that khugepaged and the policies' background threads run. */
  private void sleep(long nanos) {
    long until = kernel.clock().nowNanos() + nanos;
    kernel
        .engine()
        .spawn(
            new Task("soak-sleep", false) {
              private int steps;

              @Override
              protected SimStep nextStep() {
                if (steps++ > 0) {
                  return null;
                }
                return new SimStep() {
                  @Override
                  public void run() {
                    sleepUntil(until);
                  }

                  @Override
                  public String describe() {
                    return "soak sleep";
                  }
                };
              }
            });
    kernel.engine().run();
  }

  private void knob(String path, String value) {
    Knob k = kernel.knobTree().find(path);
    if (k == null) {
      throw new IllegalStateException(
          "no knob "
              + path
              + " (slots: arch "
              + kernel.slots().slot(Architecture.SLOT).occupantName()
              + ", thp "
              + kernel.slots().slot(ThpPolicy.SLOT).occupantName()
              + ", alloc "
              + kernel.slots().slot(PageAllocator.SLOT).occupantName()
              + ")");
    }
    try {
      k.write(value);
    } catch (KnobException e) {
      throw new IllegalStateException("echo " + value + " > " + path + ": " + e.getMessage(), e);
    }
  }

  private long counter(String name) {
    Long v = kernel.counters().value(name);
    return v == null ? 0 : v;
  }

  private void forgetDead() {
    shadow.keySet().removeIf(pid -> kernel.processes().get(pid) == null);
    regions.keySet().removeIf(pid -> !shadow.containsKey(pid));
  }

  private String verifyShadow() {
    for (Map.Entry<String, TreeMap<Long, Integer>> e : shadow.entrySet()) {
      for (Map.Entry<Long, Integer> page : e.getValue().entrySet()) {
        int got = mm.contentAt(e.getKey(), page.getKey());
        if (got != page.getValue()) {
          return String.format(
              Locale.ROOT,
              "%s at %#x reads %d, expected %d",
              e.getKey(),
              page.getKey(),
              got,
              page.getValue());
        }
      }
    }
    return null;
  }

  /** {@code Soak [OPS [SEED]]}: the long campaign; exit 1 on any violation or mismatch. */
  public static void main(String[] args) {
    long ops = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    Report r = run(ops, seed, System.err::println);
    if (r.trace != null) {
      System.err.print(r.trace);
    }
    System.out.print(r.table());
    System.out.println(r.json());
    System.exit(r.clean() ? 0 : 1);
  }
}
