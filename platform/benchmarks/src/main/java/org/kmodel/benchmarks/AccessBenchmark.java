package org.kmodel.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.Process;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated CPU accesses per second through the cost model, on memory that is already mapped: each
 * access is a TLB lookup, a page walk on a miss (paging-structure caches, one line-cache lookup per
 * remaining reference, two-dimensional when nested) and a data-line lookup. One operation is one
 * access ({@code touch}) or one 4 KiB page of a memset ({@code fill}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AccessBenchmark {
  /** 1 GiB: 262144 base pages, far beyond every profile's TLB reach with THP off. */
  static final long MAPPING = Machines.G1;

  static final int PAGES = (int) (MAPPING / Machines.K4);

  static final String PID = "bench";

  /** A process with a fully faulted-in 1 GiB heap, THP on or off, native or nested. */
  @State(Scope.Thread)
  public static class Heap {
    @Param({"never", "always"})
    String thp;

    @Param({"0", "4096"})
    long nestedHostPages;

    Kernel kernel;
    MemoryManager mm;
    long start;
    long end;
    long[] random;

    @Setup(Level.Trial)
    public void boot() {
      kernel = Machines.boot(2 * Machines.G1, nestedHostPages);
      Machines.thpEnabled(kernel, thp);
      mm = kernel.mm();
      mm.spawn(PID);
      Process.Region r = mm.mmapAnonymous(PID, "heap", MAPPING, 0, VmFlags.READ | VmFlags.WRITE);
      start = r.start();
      end = r.end();
      mm.fill(PID, start, end, 1);
      SplittableRandom rnd = new SplittableRandom(7);
      random = new long[PAGES];
      for (int i = 0; i < PAGES; i++) {
        random[i] = start + rnd.nextLong(PAGES) * Machines.K4;
      }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
      kernel.shutdown();
    }
  }

  /** One write per 4 KiB page in address order (the seed's stride loop). */
  @Benchmark
  @OperationsPerInvocation(PAGES)
  public boolean sequentialAccess(Heap h) {
    return h.mm.touch(PID, h.start, h.end, Machines.K4, true);
  }

  /** One read per page at uniformly random pages. */
  @Benchmark
  @OperationsPerInvocation(PAGES)
  public boolean randomAccess(Heap h) {
    return h.mm.touchAt(PID, h.random, false);
  }

  /** A memset of the whole heap, costed per 4 KiB page. */
  @Benchmark
  @OperationsPerInvocation(PAGES)
  public boolean memset(Heap h) {
    return h.mm.fill(PID, h.start, h.end, 2);
  }
}
