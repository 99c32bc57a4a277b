package org.kmodel.fs.btrfs;

import java.util.Set;
import java.util.function.Supplier;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * {@code btrfs_commit_transaction} in the steps where other tasks can act: the committer joins the
 * running transaction; it marks the commit started (COMMIT_START: new {@code
 * btrfs_start_transaction} callers wait) or, when another task's commit of that transaction has
 * already started, ends its handle and waits for that commit ({@code wait_for_commit}); it waits
 * for external writers to drain and moves to COMMIT_DOING (joins wait too); it waits until its own
 * handle is the last one ({@code num_writers == 1}) and then, in one step, runs the delayed refs
 * and switches the commit roots.
 */
final class CommitTask implements FsTask {
  private final Btrfs fs;
  private final String label;
  private final Supplier<String> check;
  private final Supplier<String> after;
  private final Handle handle;
  private final Supplier<Footprint> hooks;
  private Transaction trans;
  private int stage;
  private boolean stop;
  private boolean waiter;

  /**
   * @param label what the commit is for, prefixed to every step's description
   * @param check run when the committer joins; a non-null result stops the commit before it starts
   * @param after run when the transaction has committed; its result is appended to the step's
   * @param hooks what {@code check} and {@code after} touch, asked in the state of the step that
   *     runs them
   */
  CommitTask(
      Btrfs fs,
      String label,
      Supplier<String> check,
      Supplier<String> after,
      Supplier<Footprint> hooks) {
    this.fs = fs;
    this.hooks = hooks;
    this.label = label;
    this.check = check;
    this.after = after;
    this.handle = Handle.join(fs);
  }

  @Override
  public FsStep next() {
    return switch (stage++) {
      case 0 ->
          Step.guarded(() -> label + "btrfs_join_transaction (commit)", handle::mayOpen, this::join)
              .touching(
                  () ->
                      check == null
                          ? Shared.openHandle(fs)
                          : Shared.openHandle(fs).plus(hooks.get()));
      case 1 ->
          stop
              ? null
              : Step.of(() -> label + "btrfs_commit_transaction", this::begin)
                  .touching(
                      () ->
                          Footprint.of(
                              Set.of(),
                              Set.of(Shared.TRANSACTION),
                              Set.of(Shared.TRANSACTION_WRITERS)));
      case 2 ->
          waiter
              ? Step.guarded(
                      () -> label + "wait_for_commit: transaction " + trans.transid,
                      () -> fs.running != trans,
                      () -> after == null ? null : after.get())
                  .touching(
                      () -> {
                        Footprint waits = Footprint.of(Set.of(Shared.TRANSACTION), Set.of());
                        return after == null ? waits : waits.plus(hooks.get());
                      })
              : Step.guarded(
                      () ->
                          label
                              + "btrfs_commit_transaction: wait for extwriters == 0, COMMIT_DOING",
                      () -> trans.extWriters == 0,
                      () -> {
                        trans.state = Transaction.State.COMMIT_DOING;
                        return null;
                      })
                  .touching(
                      () ->
                          Footprint.of(
                              Set.of(Shared.TRANSACTION_WRITERS), Set.of(Shared.TRANSACTION)));
      case 3 ->
          waiter
              ? null
              : Step.guarded(
                      () ->
                          label
                              + "btrfs_commit_transaction: wait for num_writers == 1, run delayed"
                              + " refs, switch commit roots",
                      () -> trans.numWriters == 1,
                      this::commit)
                  .touching(
                      () -> {
                        Footprint commit = COMMIT;
                        return after == null ? commit : commit.plus(hooks.get());
                      });
      default -> null;
    };
  }

  /**
   * The commit itself: the delayed refs run into the extent tree (used and reserved bytes of the
   * groups they fall in, freed extents pinned), the commit root switched, pinned ranges freed, and
   * the transaction ended.
   */
  private static final Footprint COMMIT =
      Footprint.of(
          Set.of(Shared.TRANSACTION_WRITERS),
          Set.of(
              Shared.TRANSACTION,
              Shared.DELAYED_REFS,
              Shared.EXTENT_TREE,
              Shared.space(BlockGroupType.DATA),
              Shared.space(BlockGroupType.METADATA),
              Shared.space(BlockGroupType.SYSTEM)));

  private String join() {
    String why = check == null ? null : check.get();
    if (why != null) {
      stop = true;
      return why;
    }
    String opened = handle.doOpen();
    trans = handle.transaction();
    return opened;
  }

  private String begin() {
    if (trans.state != Transaction.State.RUNNING) {
      waiter = true;
      handle.doClose();
      return "transaction "
          + trans.transid
          + " is already committing: btrfs_end_transaction, wait for it";
    }
    trans.state = Transaction.State.COMMIT_START;
    return "transaction " + trans.transid + " COMMIT_START";
  }

  private String commit() {
    handle.doClose();
    String result = fs.commitTransaction(trans);
    String more = after == null ? null : after.get();
    return more == null ? result : result + ", " + more;
  }
}
