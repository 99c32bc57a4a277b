package org.kmodel.api.thp;

import org.osgi.annotation.versioning.ProviderType;

/** The outcome of {@link PromotionContext#promote}. */
@ProviderType
public enum PromotionResult {
  /** The range is one PMD-mapped huge page now. */
  PROMOTED,
  /** It already was one. */
  ALREADY_HUGE,
  /** No anonymous VMA covers the whole range. */
  NOT_ANONYMOUS,
  /** No page table maps the range (nothing was ever touched there). */
  NO_TABLE,
  /** A page of the range is pinned and cannot be copied away. */
  PINNED,
  /** No free block of the huge order could be had; Linux's khugepaged then sleeps longer. */
  ALLOC_FAILED,
  /** A swapped-out page could not be read back. */
  SWAPIN_FAILED
}
