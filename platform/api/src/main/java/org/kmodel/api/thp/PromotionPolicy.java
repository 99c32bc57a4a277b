package org.kmodel.api.thp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The background half of a THP policy: a {@link ThpPolicy} that also implements this interface runs
 * promotion, demotion, pre-zeroing or bloat recovery through the kernel's {@link PromotionContext},
 * and answers memory pressure. The kernel finds it on the object in the {@code thp-policy} slot;
 * there is no slot of its own, so the two halves are swapped together.
 *
 * <p>Both methods run on the simulation thread and their work is background time. A method that
 * throws is reported in a {@code warning} event and counts as having done nothing; the run goes on.
 *
 * @since 2.1
 */
@ConsumerType
public interface PromotionPolicy {

  /**
   * The sleep of a pass that has nothing to do: khugepaged's default {@code scan_sleep_millisecs}.
   */
  long IDLE_SLEEP_NANOS = 10_000_000_000L;

  /**
   * One pass of the policy's background thread (shown as {@code khugepaged} in events and costs):
   * scan, promote, demote, pre-zero, as the policy decides. Called first about 10 ms of simulated
   * time after boot, then each time the sleep it returned is over; a policy swapped in mid-run gets
   * the next pass. A pass should call {@link PromotionContext#fullScanDone()} each time it has
   * visited every address space.
   *
   * @return simulated nanoseconds to sleep before the next pass; values below one millisecond are
   *     raised to it
   */
  long backgroundPass(PromotionContext context);

  /**
   * Memory pressure: a base-page allocation failed even after the pre-zeroed pool was given back
   * and the deferred-split queue was split. The policy may demote huge pages and free what they
   * hold (bloat recovery) before the kernel reclaims to swap and, failing that, kills a process.
   * Runs in the middle of the allocation: {@link PromotionContext#promote} and {@link
   * PromotionContext#prezero} do nothing here.
   *
   * @param wanted base pages the kernel would like back
   * @return base pages freed; 0 for a policy that frees nothing under pressure
   */
  long shrink(PromotionContext context, long wanted);
}
