package org.kmodel.kernel.mm;

import java.util.ArrayDeque;

/**
 * Linux's {@code deferred_split_queue}: large folios some of whose pages no longer map anything,
 * held (oldest first) until memory runs short, when the deferred-split shrinker splits them and the
 * unmapped pages are freed. A queued folio carries {@link PhysicalMemory#DEFERRED_SPLIT}.
 */
final class DeferredSplitQueue {
  private final ArrayDeque<Long> heads = new ArrayDeque<>();

  boolean isEmpty() {
    return heads.isEmpty();
  }

  /** The oldest queued folio's head frame; the queue must not be empty. */
  long oldest() {
    return heads.peek();
  }

  void add(long head) {
    heads.add(head);
  }

  void remove(long head) {
    heads.remove(head);
  }
}
