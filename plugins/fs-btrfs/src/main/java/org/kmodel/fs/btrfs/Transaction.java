package org.kmodel.fs.btrfs;

/**
 * The running transaction ({@code btrfs_transaction}): its id, how far its commit has got, and the
 * handles open in it. {@code num_writers} counts every handle, {@code num_extwriters} those from
 * {@code btrfs_start_transaction} (Linux's {@code TRANS_EXTWRITERS}); a commit moves the state on
 * only once the counters it waits for drain.
 */
final class Transaction {
  /** {@code trans_state}, as far as the model needs it. */
  enum State {
    /** Open to every handle. */
    RUNNING,
    /** A commit started: new {@code btrfs_start_transaction} handles wait for it to finish. */
    COMMIT_START,
    /** External writers drained: joins wait too, and the commit waits for num_writers == 1. */
    COMMIT_DOING
  }

  final long transid;
  State state = State.RUNNING;
  int numWriters;
  int extWriters;

  Transaction(long transid) {
    this.transid = transid;
  }

  /** Leaves the id out: states that differ only in how many commits came before are alike. */
  void hash(StateHash h) {
    h.mix(state.ordinal()).mix(numWriters).mix(extWriters);
  }
}
