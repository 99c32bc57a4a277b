package org.kmodel.kernel.scenario.op;

import java.util.SplittableRandom;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.scenario.model.Touch;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code touch}: CPU accesses to a range of a region, in a pattern turned into an address stream
 * here; see {@link Touch}.
 */
final class TouchOp extends MemoryOperation<Touch> {
  /** The most passes a {@code count} may ask over its range: a bound on one step's work. */
  static final long MAX_PASSES = 4_096;

  /** Random addresses are handed to the memory manager in batches of at most this many. */
  private static final int BATCH = 1 << 20;

  TouchOp() {
    super("touch", Touch.class);
  }

  @Override
  public Touch parse(OpInput in) {
    Args a =
        in.args(
            null, "pid", "region", "offset?", "length?", "access", "pattern?", "stride?", "count?");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Touch.Access access = a.choice("access", Touch.Access.class);
    Touch.Pattern pattern = a.choice("pattern", Touch.Pattern.class);
    if (pattern == null && !a.has("pattern")) {
      pattern = Touch.Pattern.SEQUENTIAL;
    }
    Long stride = a.size("stride");
    if (pattern == Touch.Pattern.STRIDE && !a.has("stride")) {
      in.diag().report(in.opNode(), "missing argument 'stride' for touch: pattern stride needs it");
    } else if (pattern != Touch.Pattern.STRIDE && pattern != null && a.has("stride")) {
      a.report("stride", "'stride' for touch is only used with pattern: stride");
    } else if (stride != null && stride == 0) {
      a.report("stride", "'stride' for touch must be positive, not " + a.written("stride"));
    }
    Long count = a.integer("count");
    if (count != null && count < 1) {
      a.report(
          "count", "'count' for touch must be at least 1 (leave it out to touch every page once)");
    }
    return !t.complete() || access == null || pattern == null
        ? null
        : new Touch(
            in.at(),
            t.pid(),
            t.region(),
            t.range(),
            access,
            pattern,
            stride == null ? 0 : stride,
            count == null ? 0 : count);
  }

  @Override
  void validate(Touch s, SizeChecks checks) {
    checks.range(s, s.range());
    if (s.pattern() == Touch.Pattern.STRIDE) {
      checks.pages(s, "stride", s.stride());
    }
  }

  @Override
  void run(Touch s, StepContext ctx) {
    MemoryManager mm = ctx.kernel().mm();
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    boolean write = s.access() == Touch.Access.WRITE;
    long page = ctx.kernel().machine().pageSize;
    long pages = (r[1] - r[0]) / page;
    long perRange =
        s.pattern() == Touch.Pattern.STRIDE ? (r[1] - r[0] + s.stride() - 1) / s.stride() : pages;
    if (s.count() > perRange * MAX_PASSES) {
      throw new BadInputException(
          s.where(),
          "'count' "
              + s.count()
              + " for touch is more than "
              + MAX_PASSES
              + " passes over the range's "
              + perRange
              + " accesses");
    }
    boolean ok = true;
    switch (s.pattern()) {
      case SEQUENTIAL, STRIDE -> {
        long step = s.pattern() == Touch.Pattern.STRIDE ? s.stride() : page;
        long perPass = (r[1] - r[0] + step - 1) / step;
        long total = s.count() > 0 ? s.count() : perPass;
        for (long done = 0; ok && done < total; done += perPass) {
          long n = Math.min(perPass, total - done);
          ok = mm.touch(s.pid(), r[0], r[0] + n * step, step, write);
        }
      }
      case RANDOM -> {
        long n = s.count() > 0 ? s.count() : pages;
        SplittableRandom random = ctx.random();
        long[] at = new long[(int) Math.min(n, BATCH)];
        for (long done = 0; ok && done < n; done += at.length) {
          int batch = (int) Math.min(at.length, n - done);
          long[] addresses = batch == at.length ? at : new long[batch];
          for (int i = 0; i < batch; i++) {
            addresses[i] = r[0] + random.nextLong(pages) * page;
          }
          ok = mm.touchAt(s.pid(), addresses, write);
        }
      }
    }
    if (!ok) {
      failIfSegv(ctx, s.where(), s.pid());
    }
  }
}
