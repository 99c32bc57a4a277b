package org.kmodel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.kmodel.kernel.Kernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to boot a machine: build the kernel (Guice, frame table, knobs, counters) and attach x86-64,
 * the buddy allocator and the Linux THP policy — the allocator rebuilding its free lists from the
 * whole frame table, as it does on every live swap. One shot per iteration, on a heap collected
 * beforehand; the first warm-up shot is the cold (interpreted, then OSR-compiled) boot.
 *
 * <p>The frame table costs 16 bytes per 4 KiB frame: 256 MiB for 64 GiB, 4 GiB for 1 TiB. The heap
 * is fixed and pre-touched ({@code -XX:+AlwaysPreTouch}) so that the figure is the model's work and
 * not the operating system's first touch of fresh heap pages, which on a virtual machine can cost
 * more than the boot itself (see the README). Pre-touching 12 GiB makes the 1 TiB fork start
 * slowly.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@State(Scope.Thread)
public class BootBenchmark {
  private Kernel kernel;

  /** A 64 GiB machine: 16 Mi frames. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
  public void boot64g() {
    kernel = Machines.boot(64 * Machines.G1);
  }

  /**
   * A 1 TiB machine: 256 Mi frames, 4.1 GiB of metadata. The heap holds a second kernel while the
   * previous one waits for collection.
   */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+AlwaysPreTouch"})
  public void boot1t() {
    kernel = Machines.boot(1024 * Machines.G1);
  }

  @TearDown(Level.Iteration)
  public void release() {
    if (kernel != null) {
      kernel.shutdown();
      kernel = null;
    }
    System.gc();
  }
}
