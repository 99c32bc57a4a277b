package org.kmodel.kernel.mm;

/**
 * A FOLL_PIN pin of a range of user pages ({@code pin_user_pages}), as a driver, an RDMA
 * registration or an io_uring fixed buffer holds one: the frames it pinned, which a read through
 * the pin sees whatever the page tables map there later. A page of the shared zero page is held as
 * {@link #ZERO} (Linux pins the zero page itself, which never changes).
 */
final class UserPin {
  /** A pinned page of the shared zero page (or the huge zero page). */
  static final long ZERO = -1;

  final String name;
  final Mm mm;
  final long[] frames;
  final boolean write;
  final boolean longterm;
  private boolean released;

  UserPin(String name, Mm mm, long[] frames, boolean write, boolean longterm) {
    this.name = name;
    this.mm = mm;
    this.frames = frames;
    this.write = write;
    this.longterm = longterm;
  }

  boolean released() {
    return released;
  }

  /** Drops every pin of this range ({@code unpin_user_pages}). */
  void release(FolioPut folios) {
    if (released) {
      return;
    }
    released = true;
    for (long pfn : frames) {
      if (pfn != ZERO) {
        folios.unpin(pfn);
      }
    }
  }
}
