package org.kmodel.kernel.scenario.model;

/**
 * The part of a region a step acts on. Offsets count from the region's start as its {@code mmap}
 * (or {@code mremap}) produced it, and keep doing so after parts of it are unmapped or moved.
 *
 * @param offset bytes from the region's start; a whole number of base pages
 * @param length bytes; a positive whole number of base pages, or {@link #TO_END}
 */
public record Range(long offset, long length) {

  /** The length that means "up to the region's end". */
  public static final long TO_END = -1;

  /** The whole region: what a step acts on when it gives neither offset nor length. */
  public static final Range WHOLE = new Range(0, TO_END);

  /** Whether the range runs to the region's end. */
  public boolean toEnd() {
    return length == TO_END;
  }
}
