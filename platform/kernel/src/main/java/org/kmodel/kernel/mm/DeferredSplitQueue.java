package org.kmodel.kernel.mm;

import java.util.ArrayDeque;

/**
 * Linux's {@code deferred_split_queue}: large folios some of whose pages no longer map anything,
 * held (oldest first) until memory runs short, when the deferred-split shrinker splits them and the
 * unmapped pages are freed. A queued folio carries {@link PhysicalMemory#DEFERRED_SPLIT}; how many
 * of each order are queued is Linux's {@code nr_anon_partially_mapped} (every folio here is
 * partially mapped).
 */
final class DeferredSplitQueue {
  private final ArrayDeque<Long> heads = new ArrayDeque<>();
  private final long[] queued = new long[64];

  boolean isEmpty() {
    return heads.isEmpty();
  }

  /** The oldest queued folio's head frame; the queue must not be empty. */
  long oldest() {
    return heads.peek();
  }

  void add(long head, int order) {
    heads.add(head);
    queued[order]++;
  }

  void remove(long head, int order) {
    if (heads.remove(head)) {
      queued[order]--;
    }
  }

  /** Queued folios of {@code order}. */
  long queued(int order) {
    return queued[order];
  }
}
