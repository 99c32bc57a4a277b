package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.value.Sizes;

/** Reads the arguments the ops on a region share: pid, region, offset, length and align. */
final class RegionArgs {

  private RegionArgs() {}

  /**
   * The region and range a step acts on, each null when it could not be read; {@code movedSize} is
   * the range's length when known.
   */
  record Target(String pid, String region, Range range, Long movedSize) {
    boolean complete() {
      return pid != null && region != null && range != null;
    }
  }

  /** Reads pid, region, offset and length, and checks the names and the range. */
  static Target target(Args a, NameScope names) {
    String pid = a.name("pid");
    String region = a.name("region");
    Long regionSize = names.region(a.node("pid"), pid, a.node("region"), region);
    Long offset = a.size("offset");
    Long length = a.positiveSize("length");
    if ((a.has("offset") && offset == null) || (a.has("length") && length == null)) {
      return new Target(pid, region, null, null);
    }
    Range range = new Range(offset == null ? 0 : offset, length == null ? Range.TO_END : length);
    if (regionSize == null || region == null) {
      return new Target(pid, region, range, range.toEnd() ? null : range.length());
    }
    checkWithin(a, region, range, regionSize);
    long moved = range.toEnd() ? regionSize - range.offset() : range.length();
    return new Target(pid, region, range, moved);
  }

  /** Offsets count from the region's start, so a range past its end names nothing. */
  private static void checkWithin(Args a, String region, Range range, long regionSize) {
    String end = " the end of region '" + region + "' (" + Sizes.format(regionSize) + ")";
    if (range.offset() >= regionSize) {
      a.report("offset", "offset " + Sizes.format(range.offset()) + " is past" + end);
    } else if (!range.toEnd() && range.offset() + range.length() > regionSize) {
      a.report(
          "length",
          "offset "
              + Sizes.format(range.offset())
              + " + length "
              + Sizes.format(range.length())
              + " runs past"
              + end);
    }
  }

  /**
   * An alignment: a power of two (at least the base page, checked when the run starts); 0 when
   * absent or bad.
   */
  static long align(Args a) {
    Long align = a.size("align");
    if (align != null && Long.bitCount(align) != 1) {
      a.report(
          "align", "'align'" + a.owner() + " must be a power of two, not " + a.written("align"));
      return 0;
    }
    return align == null ? 0 : align;
  }
}
