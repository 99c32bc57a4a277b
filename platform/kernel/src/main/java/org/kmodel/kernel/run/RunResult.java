package org.kmodel.kernel.run;

import java.util.List;
import java.util.Map;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.event.Event;

/**
 * The outcome of one scenario run: what SCENARIOS.md's output contract asks for, plus phases and
 * the files asked for with {@code --show}.
 *
 * @param name the scenario's name
 * @param ok true when every expect held and nothing failed
 * @param badInput true when the run stopped on input it could not act on (exit code 2)
 * @param failures every failure, in order
 * @param vmstat {@code /proc/vmstat} at the end
 * @param meminfo {@code /proc/meminfo} at the end, in kB
 * @param events the event log
 * @param simulatedNanos simulated time at the end
 * @param steps steps run
 * @param phases named phases, in order
 * @param shown the content of each {@code --show} file, by path
 * @param fs the filesystem's stats at the end (empty without mkfs)
 * @param cpu the CPU profile the cost model charged with (empty when no architecture was attached)
 * @param nestedHostPageSize the host page size under nested paging, 0 natively
 * @param costMode how much of the cost model ran: {@code exact}, {@code fast} or {@code off}
 * @param kernel the Linux release the kernel modelled, as {@code uname -r} prints it
 * @param costs what the cost model counted over the whole run
 * @param machine the machine the architecture pinned, with its TLB reach
 * @param limitReached whether the run stopped at one of its budgets (steps, simulated time)
 */
public record RunResult(
    String name,
    boolean ok,
    boolean badInput,
    List<Failure> failures,
    Map<String, Long> vmstat,
    Map<String, Long> meminfo,
    List<Event> events,
    long simulatedNanos,
    long steps,
    List<PhaseRecord> phases,
    Map<String, String> shown,
    Map<String, Long> fs,
    String cpu,
    long nestedHostPageSize,
    String costMode,
    String kernel,
    PhaseCosts costs,
    MachineReport machine,
    boolean limitReached) {

  /**
   * 0 when every expect held, 1 when one failed or the model found a violation, 2 for bad input, 3
   * when the run stopped at a budget.
   */
  public int exitCode() {
    return badInput ? 2 : limitReached ? 3 : ok ? 0 : 1;
  }
}
