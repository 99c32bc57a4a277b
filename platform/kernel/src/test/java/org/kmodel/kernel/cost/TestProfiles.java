package org.kmodel.kernel.cost;

/** CPU profiles for kernel tests. */
public final class TestProfiles {
  private TestProfiles() {}

  /** A Westmere-like profile with round figures, so that expected costs are easy to write. */
  public static final String ROUND =
      """
      name: test
      arch: x86_64
      description: round figures for tests
      clock_ghz: 2.0
      tlb:
        - {name: L1 DTLB 4K, level: 1, pages: [4K], entries: 64, ways: 4}
        - {name: L1 DTLB 2M, level: 1, pages: [2M], entries: 32, ways: 4}
        - {name: STLB, level: 2, pages: [4K], entries: 512, ways: 4, hit_cycles: 8}
      walk_cache: {PGD: 2, PUD: 4, PMD: 32}
      walk_start_cycles: 10
      caches:
        l1d: {size: 32K, latency_cycles: 4, bandwidth_gbs: 32}
        l2: {size: 256K, latency_cycles: 12, bandwidth_gbs: 16}
        llc: {size: 8M, latency_cycles: 40, bandwidth_gbs: 8}
      memory: {latency_ns: 80, bandwidth_gbs: 4, copy_gbs: 2}
      fault: {fixed_ns: 1000, huge_fixed_ns: 3000, clear_gbs: 4, swap_in_us: 50}
      """;
}
