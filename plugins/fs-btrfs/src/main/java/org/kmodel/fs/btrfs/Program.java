package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * A task made of parts: when the current part has no step left, {@link #proceed()} picks the next
 * part from the state the last step left. Parts decide nothing when they are picked that their
 * steps do not check again when they run, since other tasks may run in between.
 */
abstract class Program implements FsTask {
  private FsTask current;

  @Override
  public final FsStep next() {
    while (true) {
      if (current != null) {
        FsStep step = current.next();
        if (step != null) {
          return step;
        }
      }
      current = proceed();
      if (current == null) {
        return null;
      }
    }
  }

  /** The next part, or {@code null} when the task is done. Must not change the state. */
  protected abstract FsTask proceed();
}
