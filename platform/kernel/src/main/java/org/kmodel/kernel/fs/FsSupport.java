package org.kmodel.kernel.fs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.FsContext;
import org.kmodel.api.fs.FsGeometry;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * The kernel's side of the filesystem: the filesystem the {@code filesystem} slot's type made, the
 * context it was made with, and the invariant violations reported so far. The filesystem model
 * itself — chunk map, block groups, trees — lives in the plugin (rule 4 lets the filesystem model
 * own its state).
 */
public final class FsSupport {
  /**
   * Allocation unit of every filesystem the kernel makes: Btrfs's 4 KiB sectorsize, which does not
   * follow the machine's page size (a 64K-page arm64 kernel mounts 4K-sector filesystems since
   * 5.15's subpage support).
   */
  public static final int SECTOR = 4 << 10;

  /** The event type a filesystem reports running out of space with. */
  public static final String ENOSPC = "enospc";

  private long enospcCount;
  private String lastEnospc;
  private final PluginSlot<FileSystemType> filesystem;
  private final PluginSlot<RelocationStrategy> relocation;
  private final EventLog events;
  private final SimClock clock;
  private final Set<String> reported = new HashSet<>();
  private final List<Long> groupStarts = new ArrayList<>();
  private FileSystem fs;
  private java.util.function.BiConsumer<String, org.kmodel.api.fs.FsTask> spawner;

  public FsSupport(
      PluginSlot<FileSystemType> filesystem,
      PluginSlot<RelocationStrategy> relocation,
      EventLog events,
      SimClock clock) {
    this.filesystem = filesystem;
    this.relocation = relocation;
    this.events = events;
    this.clock = clock;
  }

  /** mkfs with the attached filesystem type; false when the slot is empty. */
  public boolean mkfs(long deviceBytes, long dataChunkBytes, long metadataChunkBytes) {
    FileSystemType type = filesystem.get();
    if (type == null) {
      return false;
    }
    fs =
        type.mkfs(
            FsGeometry.builder()
                .deviceBytes(deviceBytes)
                .dataChunkBytes(dataChunkBytes)
                .metadataChunkBytes(metadataChunkBytes)
                .sectorBytes(SECTOR)
                .build(),
            new FsContext() {
              @Override
              public void event(String kind, String message) {
                events.record(kind, message);
                if (kind.equals(ENOSPC)) {
                  lastEnospc = message;
                  enospcCount++;
                }
              }

              @Override
              public RelocationStrategy relocation() {
                return relocation.get();
              }

              @Override
              public long nowNanos() {
                return clock.nowNanos();
              }

              @Override
              public void spawn(String name, org.kmodel.api.fs.FsTask task) {
                if (spawner == null) {
                  throw new IllegalStateException(
                      "filesystem worker " + name + " started outside a scenario run");
                }
                spawner.accept(name, task);
              }
            });
    refreshNumbers();
    return true;
  }

  /**
   * Where the filesystem's workers go: the scenario runner makes each a task of the engine, its
   * steps checked like those of the scenario step that started it.
   */
  public void setSpawner(java.util.function.BiConsumer<String, org.kmodel.api.fs.FsTask> spawner) {
    this.spawner = spawner;
  }

  /** ENOSPC events the filesystem has reported so far. */
  public long enospcCount() {
    return enospcCount;
  }

  /** The message of the last ENOSPC event, or {@code null}. */
  public String lastEnospc() {
    return lastEnospc;
  }

  /** The filesystem made by mkfs, or {@code null}. */
  public FileSystem fs() {
    return fs;
  }

  /**
   * Violations the filesystem reports now that were not reported before. Called after every step,
   * so it also numbers the groups that step allocated: a group a balance allocates and the group it
   * replaces must both get their numbers before the old one is removed, or the new group would
   * inherit the old one's number.
   */
  public List<String> newViolations() {
    refreshNumbers();
    List<String> out = new ArrayList<>();
    if (fs != null) {
      for (String v : fs.violations()) {
        if (reported.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /**
   * Block groups by stable number: numbered in the order they first appear (by logical start at
   * mkfs, then as chunks are allocated), so a number keeps naming the same group after others are
   * removed. Returns the group, or {@code null} when it has been removed (or never existed).
   */
  public org.kmodel.api.fs.BlockGroupInfo group(int number) {
    refreshNumbers();
    if (number < 0 || number >= groupStarts.size()) {
      return null;
    }
    long start = groupStarts.get(number);
    for (org.kmodel.api.fs.BlockGroupInfo g : fs.blockGroups()) {
      if (g.start() == start) {
        return g;
      }
    }
    return null;
  }

  /** Groups numbered so far (removed ones included). */
  public int groupsNumbered() {
    refreshNumbers();
    return groupStarts.size();
  }

  private void refreshNumbers() {
    if (fs == null) {
      return;
    }
    List<org.kmodel.api.fs.BlockGroupInfo> now = new ArrayList<>(fs.blockGroups());
    now.sort(java.util.Comparator.comparingLong(org.kmodel.api.fs.BlockGroupInfo::start));
    for (org.kmodel.api.fs.BlockGroupInfo g : now) {
      if (!groupStarts.contains(g.start())) {
        groupStarts.add(g.start());
      }
    }
  }

  /** Stats of the filesystem, or an empty map before mkfs. */
  public Map<String, Long> stats() {
    return fs == null ? Map.of() : fs.stats();
  }
}
