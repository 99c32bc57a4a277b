package org.kmodel.thp.ingens;

import java.util.List;

/**
 * Ingens' fair promotion: contiguity is a resource shared among processes, so each promotion goes
 * to the process that has least of it for its share. A process's metric is
 *
 * <pre>
 *   M = (H + p·I) / S
 * </pre>
 *
 * with {@code H} the huge pages it holds, {@code I} those of them idle (not accessed since the last
 * sample), {@code p} the {@code idle_penalty} as a fraction and {@code S} its share. The candidate
 * of the process with the lowest {@code M} is promoted next; equal metrics go to the process
 * created first. Counting idle pages extra (an adaptation of ESX's idle memory tax) keeps a process
 * from hoarding huge pages it does not use while another would benefit from them.
 *
 * <p>Two processes with equal shares competing for a few free huge blocks thus take turns and end
 * with the blocks split evenly, whichever faulted its memory first.
 */
final class FairShare {

  private FairShare() {}

  /** The process whose candidate is promoted next, or null when no process has a candidate left. */
  static ProcessShare next(List<ProcessShare> processes, long idlePenaltyPercent) {
    ProcessShare best = null;
    for (ProcessShare p : processes) {
      if (p.hasCandidates() && (best == null || lower(p, best, idlePenaltyPercent))) {
        best = p;
      }
    }
    return best;
  }

  /**
   * Whether {@code a}'s metric is below {@code b}'s, or equal with {@code a} created first; the
   * fractions are compared by cross-multiplying, exactly.
   */
  static boolean lower(ProcessShare a, ProcessShare b, long idlePenaltyPercent) {
    long left = a.weightedHundredths(idlePenaltyPercent) * b.share();
    long right = b.weightedHundredths(idlePenaltyPercent) * a.share();
    return left < right || (left == right && a.index() < b.index());
  }
}
