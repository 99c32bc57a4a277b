package org.kmodel.testkit.fake;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;

/**
 * A virtual memory area as a THP policy sees one at a fault or khugepaged decision.
 *
 * @param start first address (inclusive), page aligned
 * @param end end address (exclusive), page aligned, above {@code start}
 * @param flags {@link VmFlags} bits, e.g. {@code VmFlags.READ | VmFlags.WRITE | VmFlags.HUGEPAGE}
 * @param anonymous whether the area is private anonymous memory
 */
public record FakeVma(long start, long end, long flags, boolean anonymous) implements VmaView {

  public FakeVma {
    if (end <= start) {
      throw new IllegalArgumentException("a VMA ends above its start: " + start + ".." + end);
    }
  }

  /** Private anonymous read-write memory of {@code length} bytes at {@code start}, plus flags. */
  public static FakeVma anonymous(long start, long length, long extraFlags) {
    return new FakeVma(start, start + length, VmFlags.READ | VmFlags.WRITE | extraFlags, true);
  }

  /** A read-only file mapping of {@code length} bytes at {@code start}, plus flags. */
  public static FakeVma file(long start, long length, long extraFlags) {
    return new FakeVma(start, start + length, VmFlags.READ | extraFlags, false);
  }
}
