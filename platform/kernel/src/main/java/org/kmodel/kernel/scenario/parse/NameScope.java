package org.kmodel.kernel.scenario.parse;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodel.kernel.scenario.model.Location;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The process, region, file, pin and phase names live at each step, and whether the filesystem is
 * made yet, so that a step using a name no earlier step introduced is reported where it is written
 * rather than failing halfway through a run.
 *
 * <p>Names that could not be read (null) are skipped without a report: the reader already said what
 * is wrong with them. A fork of an unknown parent yields a child whose regions are unknown, and its
 * region names are then not checked, so that one mistake is reported once. For the same reason a
 * missing {@code mkfs} is reported at the first filesystem step only.
 *
 * <p>The tasks of a {@code tasks} block run concurrently, so each sees only what came before the
 * block and what it introduces itself: the parser {@link #save saves} the scope before the block,
 * {@link #restore restores} it for each task and {@link #join joins} what the tasks introduced once
 * all are read.
 */
public final class NameScope {

  /** A region: where it was defined and its size in bytes, or null when unknown. */
  private record Region(Location definedAt, Long size) {}

  /** A live process; {@code regions} is null when they are unknown. */
  private record Process(Location definedAt, Map<String, Region> regions) {

    Process copy() {
      return new Process(definedAt, regions == null ? null : new LinkedHashMap<>(regions));
    }
  }

  /** Everything a scope knows at one step, copied so that later steps cannot change it. */
  public static final class Saved {
    private final Map<String, Process> live = new HashMap<>();
    private final Map<String, Location> exited;
    private final Map<String, Location> files;
    private final Map<String, String> pins;
    private final Set<String> phases;
    private final Location mkfs;
    private final boolean noFilesystemReported;

    private Saved(NameScope scope) {
      scope.live.forEach((pid, p) -> live.put(pid, p.copy()));
      exited = new HashMap<>(scope.exited);
      files = new HashMap<>(scope.files);
      pins = new HashMap<>(scope.pins);
      phases = new LinkedHashSet<>(scope.phases);
      mkfs = scope.mkfs;
      noFilesystemReported = scope.noFilesystemReported;
    }
  }

  private final Diagnostics diag;
  private final Map<String, Process> live = new HashMap<>();
  private final Map<String, Location> exited = new HashMap<>();
  private final Map<String, Location> files = new HashMap<>();

  /** Pins held, by name, with the process holding each. */
  private final Map<String, String> pins = new HashMap<>();

  /** Phases started so far, in file order. */
  private final Set<String> phases = new LinkedHashSet<>();

  /** Where the filesystem is made, or null before {@code mkfs}. */
  private Location mkfs;

  /** Whether a filesystem step without an earlier mkfs is reported already. */
  private boolean noFilesystemReported;

  public NameScope(Diagnostics diag) {
    this.diag = diag;
  }

  /** A process starts ({@code spawn}). */
  public void spawn(Node node, String pid) {
    define(node, pid, new LinkedHashMap<>());
  }

  /** A process forks; the child inherits the parent's regions. */
  public void fork(Node childNode, String parent, String child) {
    Process p = parent == null ? null : live.get(parent);
    define(
        childNode, child, p == null || p.regions == null ? null : new LinkedHashMap<>(p.regions));
  }

  private void define(Node node, String pid, Map<String, Region> regions) {
    if (pid == null) {
      return;
    }
    Process existing = live.get(pid);
    if (existing != null) {
      diag.report(node, alreadyLive(pid, existing));
      return;
    }
    live.put(pid, new Process(diag.at(node), regions));
    exited.remove(pid);
  }

  private static String alreadyLive(String pid, Process existing) {
    return "pid '"
        + pid
        + "' is already live (defined on line "
        + existing.definedAt.line()
        + "); exit it first or pick another name";
  }

  /** A process exits; its name may be defined again. */
  public void exit(Node node, String pid) {
    if (use(node, pid)) {
      live.remove(pid);
      pins.values().removeIf(pid::equals);
      exited.put(pid, diag.at(node));
    }
  }

  /** Checks that a step uses a live process; returns whether it is live. */
  public boolean use(Node node, String pid) {
    if (pid == null || live.containsKey(pid)) {
      return pid != null;
    }
    Location exit = exited.get(pid);
    diag.report(
        node,
        exit == null
            ? "pid '" + pid + "' is not defined by an earlier spawn or fork"
            : notLive(pid, exit));
    return false;
  }

  private static String notLive(String pid, Location exit) {
    return "pid '" + pid + "' is not live: it exited on line " + exit.line();
  }

  /**
   * Checks that a step uses a region of a live process.
   *
   * @return the region's size in bytes, or null when unknown or not defined
   */
  public Long region(Node pidNode, String pid, Node regionNode, String region) {
    if (!use(pidNode, pid) || region == null || live.get(pid).regions == null) {
      return null;
    }
    Region r = live.get(pid).regions.get(region);
    if (r == null) {
      diag.report(
          regionNode, "region '" + region + "' is not defined by an earlier mmap/mremap of " + pid);
      return null;
    }
    return r.size;
  }

  /** A step ({@code mmap}, {@code mremap}) defines a region of a process. */
  public void defineRegion(Node node, String pid, String region, Long size) {
    Process p = pid == null ? null : live.get(pid);
    if (p == null || region == null || p.regions == null) {
      return;
    }
    Region existing = p.regions.get(region);
    if (existing != null) {
      diag.report(node, alreadyDefined(pid, region, existing));
      return;
    }
    p.regions.put(region, new Region(diag.at(node), size));
  }

  private static String alreadyDefined(String pid, String region, Region existing) {
    return "region '"
        + region
        + "' of "
        + pid
        + " is already defined (on line "
        + existing.definedAt.line()
        + "); pick another name";
  }

  /** The filesystem is made ({@code mkfs}); a scenario makes one. */
  public void mkfs(Node op) {
    if (mkfs != null) {
      diag.report(op, oneFilesystem(mkfs));
      return;
    }
    mkfs = diag.at(op);
  }

  private static String oneFilesystem(Location mkfs) {
    return "a scenario makes one filesystem, and mkfs on line " + mkfs.line() + " made it already";
  }

  /**
   * Checks that a step or metric comes after {@code mkfs}; returns whether it does.
   *
   * @param what what needs the filesystem, as the message names it: {@code write}, {@code metric
   *     'fs.x'}
   */
  public boolean filesystem(Node node, String what) {
    if (mkfs != null) {
      return true;
    }
    if (!noFilesystemReported) {
      diag.report(node, what + " needs a filesystem made by an earlier mkfs");
      noFilesystemReported = true;
    }
    return false;
  }

  /** A step ({@code create}) creates a file. */
  public void createFile(Node node, String file) {
    if (file == null) {
      return;
    }
    Location existing = files.get(file);
    if (existing != null) {
      diag.report(node, alreadyCreated(file, existing));
      return;
    }
    files.put(file, diag.at(node));
  }

  private static String alreadyCreated(String file, Location existing) {
    return "file '"
        + file
        + "' is already created (on line "
        + existing.line()
        + "); pick another name";
  }

  /** Checks that a step or metric uses a file an earlier step created; returns whether it does. */
  public boolean file(Node node, String file) {
    if (file == null || files.containsKey(file)) {
      return file != null;
    }
    String hint = Suggestions.closest(file, files.keySet());
    diag.report(
        node,
        "file '"
            + file
            + "' is not created by an earlier create"
            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  /** A step ({@code pin}) pins pages of a live process under a new name. */
  public void definePin(Node node, String pid, String name) {
    if (pid == null || name == null || !live.containsKey(pid)) {
      return;
    }
    String holder = pins.get(name);
    if (holder != null) {
      diag.report(node, "pin '" + name + "' is already held by " + holder + "; unpin it first");
      return;
    }
    pins.put(name, pid);
  }

  /** A step ({@code unpin}) drops a pin; returns whether it was held. */
  public boolean unpin(Node node, String name) {
    boolean held = pin(node, name);
    if (held) {
      pins.remove(name);
    }
    return held;
  }

  /** Checks that a step or metric uses a pin held now; returns whether it does. */
  public boolean pin(Node node, String name) {
    if (name == null || pins.containsKey(name)) {
      return name != null;
    }
    String hint = Suggestions.closest(name, pins.keySet());
    diag.report(
        node,
        "pin '"
            + name
            + "' is not held: no earlier pin made it, or it was unpinned or its process exited"
            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  /** A step ({@code phase}) starts a phase; a name may start several phases. */
  public void startPhase(String name) {
    if (name != null) {
      phases.add(name);
    }
  }

  /**
   * Checks that a metric names a phase an earlier {@code phase} step started; returns whether it
   * does.
   */
  public boolean phase(Node node, String name) {
    if (name == null || phases.contains(name)) {
      return name != null;
    }
    String hint = Suggestions.closest(name, phases);
    diag.report(
        node,
        "phase '"
            + name
            + "' is not started by an earlier phase step"
            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  /** What the scope knows now. */
  public Saved save() {
    return new Saved(this);
  }

  /** Makes the scope know what it knew when {@code saved} was taken, and nothing else. */
  public void restore(Saved saved) {
    live.clear();
    saved.live.forEach((pid, p) -> live.put(pid, p.copy()));
    exited.clear();
    exited.putAll(saved.exited);
    files.clear();
    files.putAll(saved.files);
    pins.clear();
    pins.putAll(saved.pins);
    phases.clear();
    phases.addAll(saved.phases);
    mkfs = saved.mkfs;
    noFilesystemReported = saved.noFilesystemReported;
  }

  /**
   * After a {@code tasks} block: the scope as it was {@code before} the block, with what each task
   * introduced or ended. A name two tasks both introduce, or a process two tasks both end, is
   * reported at the later task's step, as it would be if the tasks ran one after the other.
   *
   * @param tasks what each task's scope knew at its end, in file order
   */
  public void join(Saved before, List<Saved> tasks) {
    restore(before);
    for (Saved task : tasks) {
      before.live.forEach(
          (pid, p) -> {
            Process now = task.live.get(pid);
            if (now != null && now.definedAt.equals(p.definedAt)) {
              return;
            }
            Location exit = task.exited.get(pid);
            Location earlier = exited.get(pid);
            if (exit != null && earlier != null) {
              diag.report(exit, notLive(pid, earlier));
              return;
            }
            live.remove(pid);
            if (exit != null) {
              exited.put(pid, exit);
            }
          });
    }
    for (Saved task : tasks) {
      before.pins.keySet().stream().filter(p -> !task.pins.containsKey(p)).forEach(pins::remove);
      task.pins.forEach(pins::putIfAbsent);
      phases.addAll(task.phases);
      task.live.forEach((pid, p) -> joinProcess(before.live.get(pid), pid, p));
      task.files.forEach(
          (file, at) -> {
            Location existing = files.get(file);
            if (before.files.containsKey(file)) {
              return;
            }
            if (existing != null) {
              diag.report(at, alreadyCreated(file, existing));
            } else {
              files.put(file, at);
            }
          });
      if (before.mkfs == null && task.mkfs != null) {
        if (mkfs != null) {
          diag.report(task.mkfs, oneFilesystem(mkfs));
        } else {
          mkfs = task.mkfs;
        }
      }
      noFilesystemReported |= task.noFilesystemReported;
    }
  }

  /**
   * Adds a process a task introduced, or the regions a task gave a process it did not introduce.
   */
  private void joinProcess(Process old, String pid, Process p) {
    if (old == null || !old.definedAt.equals(p.definedAt)) {
      Process existing = live.get(pid);
      if (existing != null) {
        diag.report(p.definedAt, alreadyLive(pid, existing));
      } else {
        live.put(pid, p.copy());
        exited.remove(pid);
      }
      return;
    }
    Process joined = live.get(pid);
    if (joined == null || joined.regions == null || p.regions == null) {
      return;
    }
    p.regions.forEach(
        (region, r) -> {
          if (old.regions.containsKey(region)) {
            return;
          }
          Region existing = joined.regions.get(region);
          if (existing != null) {
            diag.report(r.definedAt, alreadyDefined(pid, region, existing));
          } else {
            joined.regions.put(region, r);
          }
        });
  }
}
