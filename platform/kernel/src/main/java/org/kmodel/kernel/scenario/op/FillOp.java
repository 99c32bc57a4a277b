package org.kmodel.kernel.scenario.op;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.scenario.model.Fill;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/** {@code fill}: memsets a range of a region with a per-page value; see {@link Fill}. */
final class FillOp extends MemoryOperation<Fill> {

  /** A percentage with at most four decimals, so that it is a whole number of millionths. */
  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})(?:\\.([0-9]{1,4}))?%");

  private static final long MILLION = 1_000_000;

  FillOp() {
    super("fill", Fill.class);
  }

  @Override
  public Fill parse(OpInput in) {
    Args a =
        in.args(
            null,
            "pid",
            "region",
            "offset?",
            "length?",
            "value",
            "pattern?",
            "count?",
            "fraction?");
    RegionArgs.Target t = RegionArgs.target(a, in.names());
    Long v = a.integer("value");
    Fill.Pattern pattern = a.choice("pattern", Fill.Pattern.class);
    if (pattern == null && !a.has("pattern")) {
      pattern = Fill.Pattern.SEQUENTIAL;
    }
    boolean random = pattern == Fill.Pattern.RANDOM;
    Long count = a.integer("count");
    if (count != null && count < 1) {
      a.report("count", "'count' for fill must be at least 1, not " + a.written("count"));
      count = null;
    }
    long fraction = Fill.NO_FRACTION;
    if (a.has("fraction")) {
      String text = a.text("fraction");
      fraction = text == null ? Fill.NO_FRACTION : millionths(text);
      if (text != null && fraction == Fill.NO_FRACTION) {
        a.report(
            "fraction",
            "'fraction' for fill is a percentage from 0% to 100% (e.g. 80%), not " + text);
      }
    }
    for (String name : new String[] {"count", "fraction"}) {
      if (a.has(name) && pattern != null && !random) {
        a.report(name, "'" + name + "' for fill is only used with pattern: random");
      }
    }
    if (a.has("count") && a.has("fraction")) {
      a.report("fraction", "give 'count' or 'fraction' for fill, not both");
    }
    return !t.complete() || v == null || pattern == null
        ? null
        : new Fill(
            in.at(),
            t.pid(),
            t.region(),
            t.range(),
            v,
            pattern,
            count == null ? 0 : count,
            fraction);
  }

  /** A percentage such as {@code 80%} or {@code 12.5%} in millionths, or -1 when it is not one. */
  static long millionths(String text) {
    Matcher m = PERCENT.matcher(text.strip());
    if (!m.matches()) {
      return Fill.NO_FRACTION;
    }
    String decimals = m.group(2) == null ? "" : m.group(2);
    long ppm =
        Long.parseLong(m.group(1)) * 10_000
            + (decimals.isEmpty() ? 0 : Long.parseLong((decimals + "000").substring(0, 4)));
    return ppm > MILLION ? Fill.NO_FRACTION : ppm;
  }

  @Override
  void validate(Fill s, SizeChecks checks) {
    checks.range(s, s.range());
    if (s.count() > 0 && !s.range().toEnd()) {
      checks.pagesWithin(s, "count", s.count(), s.range().length());
    }
  }

  @Override
  void run(Fill s, StepContext ctx) {
    long[] r = range(ctx.kernel(), s.pid(), s.region(), s.range());
    MemoryManager mm = ctx.kernel().mm();
    boolean ok =
        s.pattern() == Fill.Pattern.RANDOM
            ? fillRandom(s, ctx, r[0], r[1])
            : mm.fill(s.pid(), r[0], r[1], (int) s.value());
    if (!ok) {
      failIfSegv(ctx, s.where(), s.pid());
    }
  }

  /**
   * Writes {@code count} (or the fraction's share of) distinct pages of [start, end), drawn by a
   * partial Fisher–Yates shuffle of the page indices: slot {@code i} of the array holds the index
   * swapped into it plus one, 0 standing for {@code i} itself, so the array needs no filling.
   */
  private static boolean fillRandom(Fill s, StepContext ctx, long start, long end) {
    long page = ctx.kernel().machine().pageSize;
    long pages = (end - start) / page;
    if (pages > Integer.MAX_VALUE) {
      throw new BadInputException(
          s.where(), "a random fill covers at most " + Integer.MAX_VALUE + " pages, not " + pages);
    }
    long n =
        s.count() > 0
            ? s.count()
            : s.fractionPpm() >= 0 ? pages * s.fractionPpm() / MILLION : pages;
    if (n > pages) {
      throw new BadInputException(
          s.where(),
          "'count' " + n + " for fill is more than the " + pages + " pages of the range");
    }
    MemoryManager mm = ctx.kernel().mm();
    SplittableRandom random = ctx.random();
    int[] slots = new int[(int) pages];
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt((int) pages - i);
      int pick = slots[j] == 0 ? j : slots[j] - 1;
      slots[j] = slots[i] == 0 ? i + 1 : slots[i];
      long va = start + pick * page;
      if (!mm.fill(s.pid(), va, va + page, (int) s.value())) {
        return false;
      }
    }
    return true;
  }
}
