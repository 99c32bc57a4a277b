package org.kmodel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.CostMode;
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
 * Simulated page faults per second on the simulation thread: a fresh process maps an anonymous
 * range and writes one byte per page (per 4 KiB page with THP off, per 2 MiB page with THP on), as
 * {@code MemoryManager.touch} runs a workload's sequential touch. Process creation, mmap and exit
 * happen in per-invocation setup/teardown and are not timed. One operation is one fault.
 *
 * <p>{@code cost} is the cost mode, set once the machine has booted: {@code exact} charges every
 * access one at a time, {@code fast} charges runs of first touches in closed form with the same
 * figures, and {@code off} charges nothing, the fault path alone as it ran before the cost model.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: on a virtual machine the first touch of fresh heap pages is slow
// enough to show up in the first iterations.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
// The 4 KiB fault rate settles after 4-8 s (JIT): shorter warm-ups read 9-20 M/s.
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class FaultBenchmark {
  /** 1 GiB of 4 KiB pages. */
  static final long BASE_MAPPING = Machines.G1;

  static final int BASE_FAULTS = (int) (BASE_MAPPING / Machines.K4);

  /** 16 GiB of 2 MiB pages: enough faults per invocation to time it well above a millisecond. */
  static final long HUGE_MAPPING = 16 * Machines.G1;

  static final int HUGE_FAULTS = (int) (HUGE_MAPPING / Machines.M2);

  static final String PID = "bench";

  /** A machine with room for one mapping of {@code mapping} bytes and its page tables. */
  abstract static class Machine {
    Kernel kernel;
    MemoryManager mm;
    long start;
    long end;
    long faultsBefore;

    void boot(long memory, String thp, String cost) {
      kernel = Machines.boot(memory);
      Machines.thpEnabled(kernel, thp);
      CostMode mode = CostMode.parse(cost);
      if (mode == null) {
        throw new IllegalArgumentException("cost=" + cost + ": expected " + CostMode.choices());
      }
      kernel.cost().mode(mode);
      mm = kernel.mm();
    }

    void spawnAndMap(long mapping) {
      mm.spawn(PID);
      Process.Region r = mm.mmapAnonymous(PID, "heap", mapping, 0, VmFlags.READ | VmFlags.WRITE);
      start = r.start();
      end = r.end();
      faultsBefore = counter("pgfault");
    }

    long counter(String name) {
      Long v = kernel.counters().value(name);
      return v == null ? 0 : v;
    }

    /** Checks that the invocation did what it claims, then gives everything back. */
    void checkAndExit(long expectedFaults, String what) {
      long faults = counter("pgfault") - faultsBefore;
      if (faults != expectedFaults) {
        throw new IllegalStateException(
            what + ": expected " + expectedFaults + " faults, counted " + faults);
      }
      mm.exit(PID);
    }

    @TearDown(Level.Trial)
    public void shutdown() {
      kernel.shutdown();
    }
  }

  /** THP {@code enabled=never}: every page of the mapping is a 4 KiB write fault. */
  @State(Scope.Thread)
  public static class BaseFaults extends Machine {
    @Param({"exact", "fast", "off"})
    String cost;

    @Setup(Level.Trial)
    public void boot() {
      boot(4 * Machines.G1, "never", cost);
    }

    @Setup(Level.Invocation)
    public void map() {
      spawnAndMap(BASE_MAPPING);
    }

    @TearDown(Level.Invocation)
    public void exit() {
      long huge = counter("thp_fault_alloc");
      checkAndExit(BASE_FAULTS, "baseFaults");
      if (huge != 0) {
        throw new IllegalStateException("baseFaults mapped huge pages with enabled=never");
      }
    }
  }

  /** THP {@code enabled=always}: every 2 MiB of the mapping is one huge-page write fault. */
  @State(Scope.Thread)
  public static class HugeFaults extends Machine {
    @Param({"exact", "fast", "off"})
    String cost;

    long hugeBefore;

    @Setup(Level.Trial)
    public void boot() {
      boot(HUGE_MAPPING + 4 * Machines.G1, "always", cost);
    }

    @Setup(Level.Invocation)
    public void map() {
      spawnAndMap(HUGE_MAPPING);
      hugeBefore = counter("thp_fault_alloc");
    }

    @TearDown(Level.Invocation)
    public void exit() {
      long huge = counter("thp_fault_alloc") - hugeBefore;
      checkAndExit(HUGE_FAULTS, "hugeFaults");
      if (huge != HUGE_FAULTS) {
        throw new IllegalStateException(
            "hugeFaults: expected " + HUGE_FAULTS + " huge pages, got " + huge);
      }
    }
  }

  /** 4 KiB write faults; one operation = one fault. */
  @Benchmark
  @OperationsPerInvocation(BASE_FAULTS)
  public boolean baseFaults(BaseFaults s) {
    return s.mm.touch(PID, s.start, s.end, Machines.K4, true);
  }

  /** 2 MiB write faults (each maps a huge page); one operation = one fault. */
  @Benchmark
  @OperationsPerInvocation(HUGE_FAULTS)
  public boolean hugeFaults(HugeFaults s) {
    return s.mm.touch(PID, s.start, s.end, Machines.M2, true);
  }
}
