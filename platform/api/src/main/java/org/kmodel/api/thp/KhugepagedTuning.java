package org.kmodel.api.thp;

/**
 * The khugepaged parameters a policy gives the kernel's scanner for its next pass, named after the
 * files under {@code /sys/kernel/mm/transparent_hugepage/khugepaged/}.
 *
 * @param pagesToScan base pages scanned per pass (a PMD counts 512, a skipped VMA 1)
 * @param scanSleepMillis simulated sleep after each pass
 * @param allocSleepMillis simulated sleep after a failed huge allocation
 * @param maxPtesNone empty or zero-page PTEs a collapsing range may have
 * @param maxPtesSwap swapped-out PTEs a collapsing range may have
 * @param maxPtesShared PTEs of pages mapped more than once a collapsing range may have
 * @param defrag whether collapse allocations may compact directly
 */
public record KhugepagedTuning(
    long pagesToScan,
    long scanSleepMillis,
    long allocSleepMillis,
    int maxPtesNone,
    int maxPtesSwap,
    int maxPtesShared,
    boolean defrag) {}
