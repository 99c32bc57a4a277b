package org.kmodel.kernel.scenario.parse;

import java.util.List;
import org.kmodel.kernel.scenario.model.Check;
import org.kmodel.kernel.scenario.model.Fill;
import org.kmodel.kernel.scenario.model.Madvise;
import org.kmodel.kernel.scenario.model.Mmap;
import org.kmodel.kernel.scenario.model.Mprotect;
import org.kmodel.kernel.scenario.model.Mremap;
import org.kmodel.kernel.scenario.model.Munmap;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Touch;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses the ops that make or act on a region of a process: mmap, munmap, mprotect, mremap,
 * madvise, touch, fill and check.
 */
final class RegionSteps {

  private static final long PAGE = 4096;

  private final Diagnostics diag;
  private final NameScope names;

  RegionSteps(Diagnostics diag, NameScope names) {
    this.diag = diag;
    this.names = names;
  }

  Step mmap(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("pid", "as", "size", "align?", "prot?"));
    String pid = a.name("pid");
    String as = a.name("as");
    Long size = a.size("size");
    if (size != null && (size == 0 || size % PAGE != 0)) {
      a.report(
          "size",
          "'size'" + a.owner() + " must be a positive multiple of 4K, not " + a.written("size"));
      size = null;
    }
    long align = align(a);
    Prot prot = a.choice("prot", Prot.class);
    if (names.use(a.node("pid"), pid)) {
      names.defineRegion(a.node("as"), pid, as, size);
    }
    return pid == null || as == null || size == null
        ? null
        : new Mmap(diag.at(op), pid, as, size, align, prot == null ? Prot.RW : prot);
  }

  Step munmap(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("pid", "region", "offset?", "length?"));
    Target t = target(a);
    return !t.complete() ? null : new Munmap(diag.at(op), t.pid, t.region, t.range);
  }

  Step mprotect(Node op, Node value) {
    Args a =
        Args.ofOp(diag, op, value, null, List.of("pid", "region", "offset?", "length?", "prot"));
    Target t = target(a);
    Prot prot = a.choice("prot", Prot.class);
    return !t.complete() || prot == null
        ? null
        : new Mprotect(diag.at(op), t.pid, t.region, t.range, prot);
  }

  Step mremap(Node op, Node value) {
    List<String> signature = List.of("pid", "region", "offset?", "length?", "as", "align?");
    Args a = Args.ofOp(diag, op, value, null, signature);
    Target t = target(a);
    String as = a.name("as");
    long align = align(a);
    names.defineRegion(a.node("as"), t.pid, as, t.movedSize);
    return !t.complete() || as == null
        ? null
        : new Mremap(diag.at(op), t.pid, t.region, t.range, as, align);
  }

  Step madvise(Node op, Node value) {
    Args a =
        Args.ofOp(diag, op, value, null, List.of("pid", "region", "offset?", "length?", "advice"));
    Target t = target(a);
    Madvise.Advice advice = a.choice("advice", Madvise.Advice.class);
    return !t.complete() || advice == null
        ? null
        : new Madvise(diag.at(op), t.pid, t.region, t.range, advice);
  }

  Step touch(Node op, Node value) {
    List<String> signature =
        List.of("pid", "region", "offset?", "length?", "access", "pattern?", "stride?", "count?");
    Args a = Args.ofOp(diag, op, value, null, signature);
    Target t = target(a);
    Touch.Access access = a.choice("access", Touch.Access.class);
    Touch.Pattern pattern = a.choice("pattern", Touch.Pattern.class);
    if (pattern == null && !a.has("pattern")) {
      pattern = Touch.Pattern.SEQUENTIAL;
    }
    Long stride = a.size("stride");
    if (pattern == Touch.Pattern.STRIDE && !a.has("stride")) {
      diag.report(op, "missing argument 'stride' for touch: pattern stride needs it");
    } else if (pattern != Touch.Pattern.STRIDE && pattern != null && a.has("stride")) {
      a.report("stride", "'stride' for touch is only used with pattern: stride");
    } else if (stride != null && (stride == 0 || stride % PAGE != 0)) {
      a.report(
          "stride",
          "'stride' for touch must be a positive multiple of 4K, not " + a.written("stride"));
    }
    Long count = a.integer("count");
    if (count != null && count < 1) {
      a.report(
          "count", "'count' for touch must be at least 1 (leave it out to touch every page once)");
    }
    return !t.complete() || access == null || pattern == null
        ? null
        : new Touch(
            diag.at(op),
            t.pid,
            t.region,
            t.range,
            access,
            pattern,
            stride == null ? 0 : stride,
            count == null ? 0 : count);
  }

  Step fill(Node op, Node value) {
    Args a = pageValueArgs(op, value);
    Target t = target(a);
    Long v = a.integer("value");
    return !t.complete() || v == null ? null : new Fill(diag.at(op), t.pid, t.region, t.range, v);
  }

  Step check(Node op, Node value) {
    Args a = pageValueArgs(op, value);
    Target t = target(a);
    Long v = a.integer("value");
    return !t.complete() || v == null ? null : new Check(diag.at(op), t.pid, t.region, t.range, v);
  }

  private Args pageValueArgs(Node op, Node value) {
    return Args.ofOp(
        diag, op, value, null, List.of("pid", "region", "offset?", "length?", "value"));
  }

  /**
   * The region and range a step acts on, each null when it could not be read; {@code movedSize} is
   * the range's length when known.
   */
  private record Target(String pid, String region, Range range, Long movedSize) {
    boolean complete() {
      return pid != null && region != null && range != null;
    }
  }

  /** Reads pid, region, offset and length, and checks the names and the range. */
  private Target target(Args a) {
    String pid = a.name("pid");
    String region = a.name("region");
    Long regionSize = names.region(a.node("pid"), pid, a.node("region"), region);
    Long offset = a.pageMultiple("offset", false);
    Long length = a.pageMultiple("length", true);
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

  /** An alignment: a power of two of at least 4K; 0 when absent or bad. */
  private long align(Args a) {
    Long align = a.size("align");
    if (align != null && (align < PAGE || Long.bitCount(align) != 1)) {
      a.report(
          "align",
          "'align'"
              + a.owner()
              + " must be a power of two of at least 4K, not "
              + a.written("align"));
      return 0;
    }
    return align == null ? 0 : align;
  }
}
