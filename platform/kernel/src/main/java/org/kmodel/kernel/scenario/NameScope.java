package org.kmodel.kernel.scenario;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The process and region names live at each step, so that a step using a name no earlier step
 * introduced is reported where it is written rather than failing halfway through a run.
 *
 * <p>Names that could not be read (null) are skipped without a report: the reader already said what
 * is wrong with them. A fork of an unknown parent yields a child whose regions are unknown, and its
 * region names are then not checked, so that one mistake is reported once.
 */
final class NameScope {

  /** A region: where it was defined and its size in bytes, or null when unknown. */
  private record Region(Location definedAt, Long size) {}

  /** A live process; {@code regions} is null when they are unknown. */
  private record Process(Location definedAt, Map<String, Region> regions) {}

  private final Diagnostics diag;
  private final Map<String, Process> live = new HashMap<>();
  private final Map<String, Location> exited = new HashMap<>();

  NameScope(Diagnostics diag) {
    this.diag = diag;
  }

  /** A process starts ({@code spawn}). */
  void spawn(Node node, String pid) {
    define(node, pid, new LinkedHashMap<>());
  }

  /** A process forks; the child inherits the parent's regions. */
  void fork(Node childNode, String parent, String child) {
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
      diag.report(
          node,
          "pid '"
              + pid
              + "' is already live (defined on line "
              + existing.definedAt.line()
              + "); exit it first or pick another name");
      return;
    }
    live.put(pid, new Process(diag.at(node), regions));
    exited.remove(pid);
  }

  /** A process exits; its name may be defined again. */
  void exit(Node node, String pid) {
    if (use(node, pid)) {
      live.remove(pid);
      exited.put(pid, diag.at(node));
    }
  }

  /** Checks that a step uses a live process; returns whether it is live. */
  boolean use(Node node, String pid) {
    if (pid == null || live.containsKey(pid)) {
      return pid != null;
    }
    Location exit = exited.get(pid);
    diag.report(
        node,
        exit == null
            ? "pid '" + pid + "' is not defined by an earlier spawn or fork"
            : "pid '" + pid + "' is not live: it exited on line " + exit.line());
    return false;
  }

  /**
   * Checks that a step uses a region of a live process.
   *
   * @return the region's size in bytes, or null when unknown or not defined
   */
  Long region(Node pidNode, String pid, Node regionNode, String region) {
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
  void defineRegion(Node node, String pid, String region, Long size) {
    Process p = pid == null ? null : live.get(pid);
    if (p == null || region == null || p.regions == null) {
      return;
    }
    Region existing = p.regions.get(region);
    if (existing != null) {
      diag.report(
          node,
          "region '"
              + region
              + "' of "
              + pid
              + " is already defined (on line "
              + existing.definedAt.line()
              + "); pick another name");
      return;
    }
    p.regions.put(region, new Region(diag.at(node), size));
  }
}
