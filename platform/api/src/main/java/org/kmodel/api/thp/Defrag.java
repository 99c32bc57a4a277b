package org.kmodel.api.thp;

import org.osgi.annotation.versioning.ProviderType;

/** How hard a huge-page fault may try when no free block of the huge order exists. */
@ProviderType
public enum Defrag {
  /** Direct reclaim and compaction before giving up (defrag=always, or madvise for VM_HUGEPAGE). */
  DIRECT,
  /** Wake background compaction and fail at once (defrag=defer). */
  DEFER,
  /** Take only an already free block (defrag=never). */
  NONE
}
