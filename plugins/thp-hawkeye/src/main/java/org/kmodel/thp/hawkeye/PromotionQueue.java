package org.kmodel.thp.hawkeye;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which one pass promotes its candidate huge ranges, after HawkEye (Panwar, Bansal,
 * Gopinath, ASPLOS'19, §3.3 and §3.4).
 *
 * <p>Each process's candidates sit in {@value #BUCKETS} buckets by access coverage (bucket {@code
 * i} holds coverage from {@code i/10} to {@code (i+1)/10} of a huge range's base pages, the top
 * bucket also the full range), and a process's ranges are promoted hottest bucket first, in address
 * order within a bucket.
 *
 * <p>Across processes, HawkEye-PMU serves first the process whose measured MMU overhead — the share
 * of its memory-access time spent in page walks and second-level TLB hits over the last interval —
 * is the highest, since a huge page helps it most. When no process has measured anything (the cost
 * model is off, or no process ran), the order is HawkEye-G's: the hottest bucket over all processes
 * first, the processes taking turns within a bucket.
 *
 * <p>Not thread-safe; one queue per pass.
 */
final class PromotionQueue {
  /** The paper's ten buckets of about 51 base pages each on x86-64. */
  static final int BUCKETS = 10;

  private final int pagesPerRange;
  private final List<long[]> processes = new ArrayList<>();
  private final List<Candidate> candidates = new ArrayList<>();

  /**
   * A huge range that may be promoted.
   *
   * @param process the index {@link #addProcess} gave its process
   * @param start the range's first address
   * @param coverage accessed base pages, 1 up to the range's pages
   * @param growth base pages a promotion adds to memory in use: the range's pages not present
   */
  record Candidate(int process, long start, int coverage, int growth) {}

  /** A queue for huge ranges of {@code pagesPerRange} base pages. */
  PromotionQueue(int pagesPerRange) {
    this.pagesPerRange = pagesPerRange;
  }

  /**
   * Adds a process and what it spent over the last interval.
   *
   * @param mmuNanos time in page walks and second-level TLB hits
   * @param accessNanos time of all its memory accesses, MMU time included
   * @return the index its candidates are added under
   */
  int addProcess(long mmuNanos, long accessNanos) {
    processes.add(new long[] {mmuNanos, accessNanos});
    return processes.size() - 1;
  }

  /** Adds a candidate of process {@code process}. */
  void add(Candidate candidate) {
    if (candidate.process() < 0 || candidate.process() >= processes.size()) {
      throw new IllegalArgumentException("no process " + candidate.process());
    }
    candidates.add(candidate);
  }

  /** The bucket of a range with {@code coverage} accessed pages out of {@code pages}. */
  static int bucket(int coverage, int pages) {
    return Math.min(BUCKETS - 1, (int) ((long) coverage * BUCKETS / pages));
  }

  /** Every candidate, in the order to promote them. */
  List<Candidate> order() {
    List<Candidate> sorted = new ArrayList<>(candidates);
    Comparator<Candidate> hottest =
        Comparator.comparingInt((Candidate c) -> -bucket(c.coverage(), pagesPerRange));
    if (measured()) {
      int[] rank = overheadRank();
      sorted.sort(
          Comparator.comparingInt((Candidate c) -> rank[c.process()])
              .thenComparing(hottest)
              .thenComparingLong(Candidate::start));
      return sorted;
    }
    sorted.sort(
        Comparator.comparingInt(Candidate::process)
            .thenComparing(hottest)
            .thenComparingLong(Candidate::start));
    int[] turn = new int[sorted.size()];
    for (int i = 1; i < sorted.size(); i++) {
      Candidate a = sorted.get(i - 1);
      Candidate b = sorted.get(i);
      boolean sameBucket =
          a.process() == b.process()
              && bucket(a.coverage(), pagesPerRange) == bucket(b.coverage(), pagesPerRange);
      turn[i] = sameBucket ? turn[i - 1] + 1 : 0;
    }
    List<Integer> byTurn = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      byTurn.add(i);
    }
    byTurn.sort(
        Comparator.comparingInt((Integer i) -> -bucket(sorted.get(i).coverage(), pagesPerRange))
            .thenComparingInt(i -> turn[i])
            .thenComparingInt(i -> sorted.get(i).process()));
    return byTurn.stream().map(sorted::get).toList();
  }

  /** Whether any process has measured MMU or access time: HawkEye-PMU can then rank them. */
  private boolean measured() {
    for (long[] p : processes) {
      if (p[0] > 0 || p[1] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Each process's place when ranked by MMU overhead, highest first; ties by MMU time, then in
   * creation order.
   */
  private int[] overheadRank() {
    List<Integer> order = new ArrayList<>(processes.size());
    for (int i = 0; i < processes.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingDouble((Integer i) -> -overhead(processes.get(i)))
            .thenComparingLong(i -> -processes.get(i)[0])
            .thenComparingInt(i -> i));
    int[] rank = new int[processes.size()];
    for (int r = 0; r < order.size(); r++) {
      rank[order.get(r)] = r;
    }
    return rank;
  }

  private static double overhead(long[] process) {
    return process[1] <= 0 ? 0 : (double) process[0] / process[1];
  }
}
