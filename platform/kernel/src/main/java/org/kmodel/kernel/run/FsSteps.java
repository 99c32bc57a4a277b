package org.kmodel.kernel.run;

import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.WriteMode;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Balance;
import org.kmodel.kernel.scenario.model.Commit;
import org.kmodel.kernel.scenario.model.Create;
import org.kmodel.kernel.scenario.model.Fallocate;
import org.kmodel.kernel.scenario.model.Fsync;
import org.kmodel.kernel.scenario.model.Read;
import org.kmodel.kernel.scenario.model.Relocate;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Write;

/**
 * Turns the filesystem ops of a scenario into the filesystem's tasks; the scenario task that meets
 * one runs the task's steps as its own, so concurrent scenario tasks interleave at the filesystem's
 * step boundaries.
 */
final class FsSteps {
  private final FsSupport support;

  FsSteps(FsSupport support) {
    this.support = support;
  }

  /** Whether the op is carried out by a task of the filesystem. */
  static boolean makesTask(Step step) {
    return step instanceof Create
        || step instanceof Write
        || step instanceof Fallocate
        || step instanceof Fsync
        || step instanceof Commit
        || step instanceof Read
        || step instanceof Relocate
        || step instanceof Balance;
  }

  /** The filesystem task for an op; a failure message is thrown as a {@link StepFailure}. */
  FsTask taskFor(Step step) {
    FileSystem fs = support.fs();
    if (fs == null) {
      throw new StepFailure("no filesystem: the filesystem slot was empty at mkfs");
    }
    if (step instanceof Create c) {
      return fs.create(c.file(), c.nodatacow());
    } else if (step instanceof Write w) {
      if (w.value() != (int) w.value()) {
        throw new StepFailure(
            "value " + w.value() + " does not fit the model's 32-bit sector token");
      }
      return fs.write(
          w.file(),
          w.offset(),
          w.length(),
          (int) w.value(),
          w.direct() ? WriteMode.DIRECT : WriteMode.BUFFERED);
    } else if (step instanceof Fallocate f) {
      return fs.fallocate(f.file(), f.offset(), f.length());
    } else if (step instanceof Fsync f) {
      return fs.fsync(f.file());
    } else if (step instanceof Commit) {
      return fs.commit();
    } else if (step instanceof Read r) {
      return fs.read(r.file(), r.offset(), r.length());
    } else if (step instanceof Relocate r) {
      BlockGroupInfo g = support.group(r.group());
      if (g == null) {
        throw new StepFailure(
            "no block group "
                + r.group()
                + " to relocate (groups 0.."
                + (support.groupsNumbered() - 1)
                + " were numbered; removed ones are gone)");
      }
      return fs.relocate(g.start());
    } else if (step instanceof Balance b) {
      BlockGroupType type =
          b.type() == null
              ? null
              : BlockGroupType.valueOf(b.type().toUpperCase(java.util.Locale.ROOT));
      return fs.balance(
          BalanceFilter.builder().type(type).usagePercent(b.usage()).limit(b.limit()).build());
    }
    throw new IllegalStateException("not a filesystem op: " + step.op());
  }

  /** A step that could not start, with the reason; the run records it as the step's failure. */
  static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
      super(message);
    }
  }
}
