package org.kmodel.kernel.scenario.op;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.mm.Process;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Step;

/**
 * An op of the memory manager: its steps need the memory slots, and turn region names and
 * offset/length into addresses.
 */
abstract class MemoryOperation<S extends Step> extends Action<S> {

  MemoryOperation(String name, Class<S> type) {
    super(name, type);
  }

  @Override
  public final Needs needs() {
    return Needs.MEMORY;
  }

  /** [start, end) of a range within a live process's region. */
  static long[] range(Kernel kernel, String pid, String region, Range range) {
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

  /** Fails the step when the process died of SIGSEGV; an OOM kill is an event, not a failure. */
  static void failIfSegv(StepContext ctx, Location where, String pid) {
    if (ctx.kernel().mm().lastKillWasSegv()) {
      ctx.fail(where, pid + " was killed by SIGSEGV");
    }
  }

  /** A protection as VMA flags. */
  static long vmFlags(Prot prot) {
    return switch (prot) {
      case RW -> VmFlags.READ | VmFlags.WRITE;
      case R -> VmFlags.READ;
      case NONE -> 0;
    };
  }
}
