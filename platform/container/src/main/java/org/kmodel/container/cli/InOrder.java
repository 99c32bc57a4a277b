package org.kmodel.container.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/**
 * Runs numbered jobs on up to a given number of threads and hands back their results in job order,
 * as a loop over them would have: the results end at the first (lowest-numbered) result that stops
 * the loop or job that threw, and that job's exception or error is rethrown. Jobs are started in
 * order, so none after a stopping one is started once it has stopped; those already running finish
 * and their results are dropped.
 *
 * <p>With one thread the jobs run on the caller's thread, one after another, and nothing after the
 * first stopping job is run: exactly the loop.
 */
final class InOrder {
  private InOrder() {}

  /**
   * Runs {@code job} for 0 to {@code count - 1}.
   *
   * @param threads how many jobs may run at once; at least 1
   * @param stops whether a result ends the loop (it is still returned, as the last)
   * @param done called with each result and its number as soon as the job returns, on the job's
   *     thread, in the order the jobs finish; not called for a job that threw
   * @return the results in job order, up to and including the first that stops
   */
  static <R> List<R> run(
      int threads, int count, IntFunction<R> job, Predicate<R> stops, ObjIntConsumer<R> done) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    Loop<R> loop = new Loop<>(count, job, stops, done);
    int workers = Math.min(threads, count);
    if (workers <= 1) {
      loop.work();
    } else {
      AtomicInteger names = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              workers, r -> worker(r, "kmodel-compare-" + names.incrementAndGet()));
      for (int i = 0; i < workers; i++) {
        pool.execute(loop::work);
      }
      pool.shutdown();
      awaitUninterruptibly(pool);
    }
    return loop.results();
  }

  private static Thread worker(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Interrupting the caller does not stop the kernels: the runs finish, then the interrupt is set.
   */
  private static void awaitUninterruptibly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A job's result, or what it threw. */
  private record Done<R>(R value, Throwable thrown) {
    R get() {
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      if (thrown instanceof Error e) {
        throw e;
      }
      return value;
    }
  }

  private static final class Loop<R> {
    private final int count;
    private final IntFunction<R> job;
    private final Predicate<R> stops;
    private final ObjIntConsumer<R> done;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger firstStop;
    private final AtomicReferenceArray<Done<R>> slots;

    Loop(int count, IntFunction<R> job, Predicate<R> stops, ObjIntConsumer<R> done) {
      this.count = count;
      this.job = job;
      this.stops = stops;
      this.done = done;
      this.firstStop = new AtomicInteger(count);
      this.slots = new AtomicReferenceArray<>(count);
    }

    void work() {
      for (int i = next.getAndIncrement(); i < firstStop.get(); i = next.getAndIncrement()) {
        Done<R> d;
        try {
          d = new Done<>(job.apply(i), null);
        } catch (RuntimeException | Error e) {
          d = new Done<>(null, e);
        }
        slots.set(i, d);
        if (d.thrown() != null || stops.test(d.value())) {
          firstStop.accumulateAndGet(i, Math::min);
        }
        if (d.thrown() == null) {
          done.accept(d.value(), i);
        }
      }
    }

    List<R> results() {
      List<R> out = new ArrayList<>();
      int end = Math.min(firstStop.get(), count - 1);
      for (int i = 0; i <= end; i++) {
        out.add(slots.get(i).get());
      }
      return out;
    }
  }
}
