package org.kmodel.container.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.container.osgi.Container;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.StepGate;
import org.kmodel.kernel.scenario.model.Scenario;

/**
 * One scenario run held by the shell: it runs on a thread of its own and stops at every boundary
 * between two of the scenario's steps (kernel threads such as khugepaged run through) until the
 * shell lets it take more, and once more at its end, so that the shell can read and change the
 * kernel while the run stands still. Everything the shell does to the kernel happens under this
 * session's lock while the run waits inside its gate.
 */
final class ShellSession implements StepGate {
  private final Object lock = new Object();
  private final List<String> ran = new ArrayList<>();
  private final Thread thread;
  private Kernel kernel;
  private Container container;
  private long allowance;
  private boolean paused;
  private boolean atEnd;
  private boolean finished;
  private boolean stop;
  private String next;
  private ScenarioSession.Outcome outcome;
  private RuntimeException failure;

  ShellSession(Launch launch, Scenario scenario, RunOptions options, Path deployDir) {
    thread =
        new Thread(
            () -> {
              ScenarioSession.Outcome o = null;
              RuntimeException f = null;
              try {
                o =
                    new ScenarioSession(launch)
                        .runGated(scenario, options, deployDir, this, c -> container = c);
              } catch (RuntimeException e) {
                f = e;
              }
              synchronized (lock) {
                outcome = o;
                failure = f;
                finished = true;
                kernel = null;
                lock.notifyAll();
              }
            },
            "kmodel-shell-run");
    thread.setDaemon(true);
  }

  /** Starts the run and waits until it stands before its first step (or has ended). */
  void start() throws InterruptedException {
    thread.start();
    awaitStill();
  }

  @Override
  public boolean beforeStep(Kernel k, String task, boolean daemon, String step) {
    synchronized (lock) {
      kernel = k;
      if (daemon) {
        return !stop;
      }
      next = task + ": " + step;
      while (allowance == 0 && !stop) {
        paused = true;
        lock.notifyAll();
        waitUninterruptibly();
      }
      paused = false;
      if (stop) {
        return false;
      }
      allowance--;
      ran.add(next);
      return true;
    }
  }

  @Override
  public void atEnd(Kernel k) {
    synchronized (lock) {
      kernel = k;
      atEnd = true;
      paused = true;
      next = null;
      lock.notifyAll();
      while (!stop) {
        waitUninterruptibly();
      }
    }
  }

  /** Lets the run take {@code steps} of the scenario's steps; returns those it ran. */
  List<String> step(long steps) throws InterruptedException {
    synchronized (lock) {
      ran.clear();
      allowance = steps;
      lock.notifyAll();
    }
    awaitStill();
    synchronized (lock) {
      return List.copyOf(ran);
    }
  }

  /** Ends the run (or lets an ended one go) and returns its outcome; null if it failed to start. */
  ScenarioSession.Outcome finish() throws InterruptedException {
    synchronized (lock) {
      stop = true;
      lock.notifyAll();
    }
    thread.join();
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      return outcome;
    }
  }

  /** Runs {@code action} on the kernel while the run stands still; false when it does not. */
  boolean withKernel(java.util.function.Consumer<Kernel> action) {
    synchronized (lock) {
      if (!paused || kernel == null) {
        return false;
      }
      action.accept(kernel);
      return true;
    }
  }

  /** The step the run stands before, or null at its end. */
  String next() {
    synchronized (lock) {
      return next;
    }
  }

  boolean atEnd() {
    synchronized (lock) {
      return atEnd || finished;
    }
  }

  Container container() {
    return container;
  }

  private void awaitStill() throws InterruptedException {
    synchronized (lock) {
      while (!(paused && allowance == 0) && !atEnd && !finished) {
        lock.wait();
      }
    }
  }

  private void waitUninterruptibly() {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = true;
    }
  }
}
