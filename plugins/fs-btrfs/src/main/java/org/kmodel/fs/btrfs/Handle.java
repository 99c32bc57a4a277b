package org.kmodel.fs.btrfs;

import java.util.function.Supplier;
import org.kmodel.api.fs.Footprint;

/**
 * A transaction handle ({@code btrfs_trans_handle}) held across steps: opened by {@code
 * btrfs_start_transaction} (waits while a commit has started; counts as an external writer) or
 * {@code btrfs_join_transaction} (waits only once the commit is past waiting for external writers),
 * closed by {@code btrfs_end_transaction}. A commit cannot finish while a handle is open in its
 * transaction, which is what makes work done under one handle land in one transaction.
 */
final class Handle {
  private final Btrfs fs;
  private final boolean start;
  private Transaction trans;

  private Handle(Btrfs fs, boolean start) {
    this.fs = fs;
    this.start = start;
  }

  static Handle start(Btrfs fs) {
    return new Handle(fs, true);
  }

  static Handle join(Btrfs fs) {
    return new Handle(fs, false);
  }

  Transaction transaction() {
    return trans;
  }

  private String function() {
    return start ? "btrfs_start_transaction" : "btrfs_join_transaction";
  }

  boolean mayOpen() {
    return start ? fs.mayStartTransaction() : fs.mayJoinTransaction();
  }

  /** The step opening the handle, for {@code who}. */
  Step open(String who) {
    return open(who, () -> Footprint.NOTHING);
  }

  /**
   * As {@link #open(String)}, for a task whose choice of its next step also reads what {@code also}
   * names.
   */
  Step open(String who, Supplier<Footprint> also) {
    return Step.guarded(() -> function() + ": " + who, this::mayOpen, this::doOpen)
        .touching(() -> Shared.openHandle(fs).plus(also.get()));
  }

  /** The step closing it. */
  Step close(String who) {
    return close(who, () -> Footprint.NOTHING);
  }

  /** As {@link #close(String)}, plus {@code also}. */
  Step close(String who, Supplier<Footprint> also) {
    return Step.of(() -> "btrfs_end_transaction: " + who, this::doClose)
        .touching(() -> Shared.CLOSE_HANDLE.plus(also.get()));
  }

  String doOpen() {
    trans = fs.runningTransaction();
    trans.numWriters++;
    if (start) {
      trans.extWriters++;
    }
    return "transaction " + trans.transid + ", num_writers " + trans.numWriters;
  }

  String doClose() {
    Transaction t = trans;
    t.numWriters--;
    if (start) {
      t.extWriters--;
    }
    trans = null;
    return "transaction " + t.transid + ", num_writers " + t.numWriters;
  }
}
