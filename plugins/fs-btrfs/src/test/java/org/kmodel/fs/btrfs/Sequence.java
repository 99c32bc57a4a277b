package org.kmodel.fs.btrfs;

import java.util.ArrayDeque;
import java.util.List;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/** A simulated thread running tasks one after the other (an application's syscalls). */
final class Sequence implements FsTask {
  private final ArrayDeque<FsTask> tasks;

  Sequence(List<FsTask> tasks) {
    this.tasks = new ArrayDeque<>(tasks);
  }

  @Override
  public FsStep next() {
    while (!tasks.isEmpty()) {
      FsStep s = tasks.peek().next();
      if (s != null) {
        return s;
      }
      tasks.poll();
    }
    return null;
  }
}
