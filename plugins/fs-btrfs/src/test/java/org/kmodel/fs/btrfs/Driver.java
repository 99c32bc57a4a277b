package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * Runs several filesystem tasks' steps in a given order (task indices), honouring the guards: a
 * given order that picks a step whose guard is false fails the test (or, with {@link #attempt},
 * stops there). Each task is asked for its next step only after the previous one ran. Workers the
 * filesystem spawns while the driver runs become tasks of their own, numbered after the given ones
 * in the order they were spawned, and are scheduled like them (never run inline).
 */
final class Driver {
  private final List<FsTask> tasks = new ArrayList<>();
  private final List<FsStep> pending = new ArrayList<>();
  private final List<Boolean> done = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  final List<String> timeline = new ArrayList<>();

  Driver(FakeFsContext ctx, FsTask... tasks) {
    ctx.driver = this;
    for (FsTask t : tasks) {
      add("task " + this.tasks.size(), t);
    }
  }

  /** Adds a task; its index. */
  int add(String name, FsTask task) {
    names.add(name);
    tasks.add(task);
    pending.add(null);
    done.add(false);
    return tasks.size() - 1;
  }

  /** The task's next step, or {@code null} when it is done. */
  FsStep peek(int i) {
    if (pending.get(i) == null && !done.get(i)) {
      FsStep s = tasks.get(i).next();
      if (s == null) {
        done.set(i, true);
      }
      pending.set(i, s);
    }
    return pending.get(i);
  }

  boolean done(int i) {
    return peek(i) == null;
  }

  boolean allDone() {
    for (int i = 0; i < tasks.size(); i++) {
      if (!done(i)) {
        return false;
      }
    }
    return true;
  }

  /** The tasks whose next step may run now. */
  List<Integer> enabled() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      FsStep s = peek(i);
      if (s != null && s.ready()) {
        out.add(i);
      }
    }
    return out;
  }

  /** Runs one step of task {@code i}; fails the test if the task is done or the guard is false. */
  void step(int i) {
    FsStep s = peek(i);
    assertNotNull(s, "task " + i + " has no step left\n" + this);
    assertTrue(s.ready(), "task " + i + " step not ready: " + s.describe() + "\n" + this);
    s.run();
    timeline.add(i + ": " + s.describe());
    pending.set(i, null);
  }

  /** Runs the order; every step must be ready. */
  void run(int... order) {
    for (int i : order) {
      step(i);
    }
  }

  void run(List<Integer> order) {
    for (int i : order) {
      step(i);
    }
  }

  /** Runs {@code n} steps of task {@code i}. */
  void steps(int i, int n) {
    for (int k = 0; k < n; k++) {
      step(i);
    }
  }

  /** Runs the order as far as the guards allow; the position of the first blocked step or -1. */
  int attempt(int... order) {
    for (int k = 0; k < order.length; k++) {
      FsStep s = peek(order[k]);
      if (s == null || !s.ready()) {
        return k;
      }
      step(order[k]);
    }
    return -1;
  }

  /** Runs task {@code i} to its end; every step must be ready. */
  void finish(int i) {
    while (!done(i)) {
      step(i);
    }
  }

  /** Runs the lowest enabled task until all are done; fails on a deadlock. */
  void drain() {
    while (!allDone()) {
      List<Integer> en = enabled();
      if (en.isEmpty()) {
        fail("deadlock\n" + this);
      }
      step(en.get(0));
    }
  }

  /** How many tasks there are, workers included. */
  int size() {
    return tasks.size();
  }

  /** The index of the task added under {@code name}, or -1. */
  int index(String name) {
    return names.indexOf(name);
  }

  /** The name a task was added under (a worker's is the one the filesystem gave it). */
  String name(int i) {
    return names.get(i);
  }

  /** Runs one task, then the workers it spawned, to their end; every step must be ready. */
  static void runAlone(FakeFsContext ctx, FsTask task) {
    new Driver(ctx, task).drain();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("timeline:\n");
    timeline.forEach(t -> b.append("  ").append(t).append('\n'));
    for (int i = 0; i < tasks.size(); i++) {
      FsStep s = pending.get(i);
      if (s != null) {
        b.append("  pending ").append(i).append(": ").append(s.describe());
        b.append(s.ready() ? "" : " (not ready)").append('\n');
      }
    }
    return b.toString();
  }
}
