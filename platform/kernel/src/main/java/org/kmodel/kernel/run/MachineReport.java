package org.kmodel.kernel.run;

import java.util.List;
import org.kmodel.kernel.cost.TlbReach;

/**
 * The machine a run had: the architecture that pinned it, its page sizes and page-table levels, and
 * the TLB reach of the CPU profile on it — what a reader needs to compare runs across architectures
 * or granules.
 *
 * @param arch the architecture's {@code machine()} name, e.g. {@code aarch64}
 * @param pageSize the base page in bytes
 * @param hugePageSize the PMD-mapped huge page in bytes, 0 without THP
 * @param levels page-table level names, top first
 * @param tlbReach per TLB array and page size, how much memory it translates
 */
public record MachineReport(
    String arch, long pageSize, long hugePageSize, List<String> levels, List<TlbReach> tlbReach) {

  /** What a run reports when no architecture was ever attached. */
  public static final MachineReport NONE = new MachineReport("", 0, 0, List.of(), List.of());

  public MachineReport {
    levels = List.copyOf(levels);
    tlbReach = List.copyOf(tlbReach);
  }
}
