package org.kmodel.kernel.scenario.model;

/**
 * {@code madvise}: gives advice about all or part of a region.
 *
 * @param where where the op is written
 * @param pid the process
 * @param region the region
 * @param range the part advised
 * @param advice the advice
 */
public record Madvise(Location where, String pid, String region, Range range, Advice advice)
    implements Step {

  @Override
  public String op() {
    return "madvise";
  }

  /** The advice, as scenario files write it in lower case. */
  public enum Advice {
    /** {@code MADV_HUGEPAGE}: THP wanted in this range. */
    HUGEPAGE,
    /** {@code MADV_NOHUGEPAGE}: THP not wanted in this range. */
    NOHUGEPAGE,
    /** {@code MADV_DONTNEED}: drop the pages; the next access faults in zero pages. */
    DONTNEED,
    /** {@code MADV_PAGEOUT}: reclaim the pages now. */
    PAGEOUT,
    /** {@code MADV_COLLAPSE}: collapse the range into huge pages now, synchronously. */
    COLLAPSE,
    /** {@code MADV_DONTFORK}: fork leaves the range out of the child. */
    DONTFORK,
    /** {@code MADV_DOFORK}: undoes {@code MADV_DONTFORK}. */
    DOFORK,
    /** {@code MADV_POPULATE_READ}: fault the range in as reads would, without reading. */
    POPULATE_READ,
    /** {@code MADV_POPULATE_WRITE}: fault the range in as writes would, without writing. */
    POPULATE_WRITE
  }
}
