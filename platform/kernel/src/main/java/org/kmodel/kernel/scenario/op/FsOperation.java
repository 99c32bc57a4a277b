package org.kmodel.kernel.scenario.op;

import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Step;

/**
 * An op carried out by a task of the filesystem: the scenario task that meets the step runs the
 * filesystem task's steps as its own, so that concurrent scenario tasks interleave at the
 * filesystem's step boundaries.
 */
public abstract non-sealed class FsOperation<S extends Step> extends Operation<S> {

  FsOperation(String name, Class<S> type) {
    super(name, type);
  }

  /**
   * The filesystem's task for one step.
   *
   * @throws StepFailure when the step cannot start; the run records it as the step's failure
   */
  abstract FsTask task(S step, FileSystem fs, FsSupport support);

  /**
   * Whether running out of space fails the step, as the system call returns ENOSPC to its caller (a
   * write, a fallocate). A relocation's ENOSPC is part of what it reports, not its failure.
   */
  public boolean failsOnEnospc() {
    return false;
  }

  /**
   * The task for {@code step}, which must be one of this op's.
   *
   * @throws StepFailure when there is no filesystem or the step cannot start
   */
  public final FsTask taskFor(Step step, FsSupport support) {
    FileSystem fs = support.fs();
    if (fs == null) {
      throw new StepFailure("no filesystem: the filesystem slot was empty at mkfs");
    }
    return task(cast(step), fs, support);
  }
}
