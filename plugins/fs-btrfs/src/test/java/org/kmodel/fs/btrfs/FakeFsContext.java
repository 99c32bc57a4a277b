package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.fs.FsContext;
import org.kmodel.api.fs.FsTask;
import org.kmodel.api.fs.RelocationStrategy;

/** What a kernel hands a filesystem: an event log and a swappable relocation strategy. */
final class FakeFsContext implements FsContext {
  final List<String> events = new ArrayList<>();
  RelocationStrategy strategy;

  /** The driver running the test's tasks now: workers the filesystem spawns join its tasks. */
  Driver driver;

  final List<String> workerNames = new ArrayList<>();

  FakeFsContext(RelocationStrategy strategy) {
    this.strategy = strategy;
  }

  @Override
  public void event(String type, String message) {
    events.add(type + ": " + message);
  }

  @Override
  public RelocationStrategy relocation() {
    return strategy;
  }

  @Override
  public long nowNanos() {
    return 0;
  }

  @Override
  public void spawn(String name, FsTask task) {
    workerNames.add(name);
    if (driver == null) {
      throw new IllegalStateException("worker " + name + " spawned with no driver running tasks");
    }
    driver.add(name, task);
  }

  /** The messages of the events of one type. */
  List<String> events(String type) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      if (e.startsWith(type + ": ")) {
        out.add(e.substring(type.length() + 2));
      }
    }
    return out;
  }
}
