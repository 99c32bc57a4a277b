package org.kmodel.kernel.run;

import java.util.SplittableRandom;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.mm.Process;
import org.kmodel.kernel.scenario.model.Check;
import org.kmodel.kernel.scenario.model.Exit;
import org.kmodel.kernel.scenario.model.Fill;
import org.kmodel.kernel.scenario.model.Fork;
import org.kmodel.kernel.scenario.model.Madvise;
import org.kmodel.kernel.scenario.model.Mmap;
import org.kmodel.kernel.scenario.model.Mprotect;
import org.kmodel.kernel.scenario.model.Mremap;
import org.kmodel.kernel.scenario.model.Munmap;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Touch;

/**
 * Turns the memory ops of a scenario into memory-manager calls: resolves region names and
 * offset/length into addresses, and access patterns into address streams.
 */
final class MemorySteps {
  private final Kernel kernel;
  private long seed;

  MemorySteps(Kernel kernel) {
    this.kernel = kernel;
  }

  void setSeed(long seed) {
    this.seed = seed;
  }

  static boolean handles(Step step) {
    return step instanceof Spawn
        || step instanceof Mmap
        || step instanceof Munmap
        || step instanceof Mprotect
        || step instanceof Mremap
        || step instanceof Madvise
        || step instanceof Touch
        || step instanceof Fill
        || step instanceof Check
        || step instanceof Fork
        || step instanceof Exit;
  }

  /**
   * Runs one memory step.
   *
   * @return a failure message, or {@code null} when the step did what it says
   */
  String run(Step step, int stepIndex) {
    MemoryManager mm = kernel.mm();
    if (step instanceof Spawn s) {
      mm.spawn(s.pid());
    } else if (step instanceof Mmap s) {
      mm.mmapAnonymous(s.pid(), s.as(), s.size(), s.align(), prot(s.prot()));
    } else if (step instanceof Munmap s) {
      long[] r = range(s.pid(), s.region(), s.range());
      mm.munmap(s.pid(), r[0], r[1]);
    } else if (step instanceof Mprotect s) {
      long[] r = range(s.pid(), s.region(), s.range());
      mm.mprotect(s.pid(), r[0], r[1], prot(s.prot()));
    } else if (step instanceof Mremap s) {
      long[] r = range(s.pid(), s.region(), s.range());
      mm.mremap(s.pid(), r[0], r[1], s.as(), s.align());
    } else if (step instanceof Madvise s) {
      long[] r = range(s.pid(), s.region(), s.range());
      switch (s.advice()) {
        case HUGEPAGE -> mm.madviseHugepage(s.pid(), r[0], r[1], true);
        case NOHUGEPAGE -> mm.madviseHugepage(s.pid(), r[0], r[1], false);
        case DONTNEED -> mm.madviseDontneed(s.pid(), r[0], r[1]);
        case PAGEOUT -> mm.madvisePageout(s.pid(), r[0], r[1]);
        case COLLAPSE -> {
          return mm.madviseCollapse(s.pid(), r[0], r[1]);
        }
      }
    } else if (step instanceof Touch s) {
      return touch(mm, s, stepIndex);
    } else if (step instanceof Fill s) {
      long[] r = range(s.pid(), s.region(), s.range());
      if (!mm.fill(s.pid(), r[0], r[1], (int) s.value())) {
        return died(s.pid());
      }
    } else if (step instanceof Check s) {
      long[] r = range(s.pid(), s.region(), s.range());
      long bad = mm.check(s.pid(), r[0], r[1], (int) s.value());
      if (bad >= 0) {
        return String.format(
            "data mismatch in %s of %s at offset %#x: read %d, expected %d",
            s.region(),
            s.pid(),
            r[0] - regionStart(s.pid(), s.region()) + bad,
            mm.contentAt(s.pid(), r[0] + bad),
            s.value());
      }
    } else if (step instanceof Fork s) {
      mm.fork(s.pid(), s.child());
    } else if (step instanceof Exit s) {
      mm.exit(s.pid());
    }
    return null;
  }

  private String touch(MemoryManager mm, Touch s, int stepIndex) {
    long[] r = range(s.pid(), s.region(), s.range());
    boolean write = s.access() == Touch.Access.WRITE;
    long page = 1L << kernel.memory().pageShift();
    long pages = (r[1] - r[0]) / page;
    boolean ok;
    switch (s.pattern()) {
      case SEQUENTIAL, STRIDE -> {
        long step = s.pattern() == Touch.Pattern.STRIDE ? s.stride() : page;
        long perPass = (r[1] - r[0] + step - 1) / step;
        long total = s.count() > 0 ? s.count() : perPass;
        ok = true;
        for (long done = 0; ok && done < total; done += perPass) {
          long n = Math.min(perPass, total - done);
          ok = mm.touch(s.pid(), r[0], r[0] + n * step, step, write);
        }
      }
      case RANDOM -> {
        long n = s.count() > 0 ? s.count() : pages;
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + stepIndex);
        long[] at = new long[(int) Math.min(n, 1 << 20)];
        ok = true;
        for (long done = 0; ok && done < n; done += at.length) {
          int batch = (int) Math.min(at.length, n - done);
          long[] addresses = batch == at.length ? at : new long[batch];
          for (int i = 0; i < batch; i++) {
            addresses[i] = r[0] + random.nextLong(pages) * page;
          }
          ok = mm.touchAt(s.pid(), addresses, write);
        }
      }
      default -> throw new IllegalStateException("unknown pattern " + s.pattern());
    }
    return ok ? null : died(s.pid());
  }

  /** A failure when the process died of SIGSEGV; an OOM kill is an event, not a failure. */
  private String died(String pid) {
    return kernel.mm().lastKillWasSegv() ? pid + " was killed by SIGSEGV" : null;
  }

  private long regionStart(String pid, String region) {
    return kernel.mm().process(pid).region(region).start();
  }

  /** [start, end) of offset/length within a region. */
  private long[] range(String pid, String region, Range range) {
    Process p = kernel.mm().process(pid);
    Process.Region r = p.region(region);
    if (r == null) {
      throw new MmException("EINVAL", pid + " has no region " + region);
    }
    long start = r.start() + range.offset();
    long end = range.toEnd() ? r.end() : start + range.length();
    if (start > r.end() || end > r.end()) {
      throw new MmException(
          "EINVAL",
          String.format(
              "offset/length run past the end of region %s (%d bytes)", region, r.length()));
    }
    return new long[] {start, end};
  }

  private static long prot(Prot prot) {
    return switch (prot) {
      case RW -> VmFlags.READ | VmFlags.WRITE;
      case R -> VmFlags.READ;
      case NONE -> 0;
    };
  }
}
