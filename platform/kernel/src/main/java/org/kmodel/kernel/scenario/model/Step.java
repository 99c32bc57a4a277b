package org.kmodel.kernel.scenario.model;

/**
 * One step of a scenario, run in file order by one simulated task ({@link Tasks} runs several lists
 * of steps concurrently). There is one record per op of {@code docs/SCENARIOS.md}; each knows where
 * it is written so that a failing step can say so.
 */
public sealed interface Step
    permits Spawn,
        Mmap,
        Munmap,
        Mprotect,
        Mremap,
        Madvise,
        Touch,
        Fill,
        Check,
        Pin,
        Unpin,
        Fork,
        Exit,
        Sleep,
        Khugepaged,
        SetKnobs,
        Swap,
        Expect,
        Phase,
        Mkfs,
        Create,
        Write,
        Fallocate,
        Fsync,
        Commit,
        Read,
        Relocate,
        Balance,
        CancelBalance,
        Tasks {

  /** Where the step's op is written. */
  Location where();

  /** The op as scenario files spell it, e.g. {@code mmap}. */
  String op();
}
