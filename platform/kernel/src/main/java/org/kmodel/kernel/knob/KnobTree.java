package org.kmodel.kernel.knob;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.Knobs;

/**
 * The kernel's sysfs-like tree. Each knob has an owner (the kernel itself or an attached plugin);
 * detaching a plugin removes the knobs it owns, so a swapped-out policy's files disappear as a
 * module's do when it is unloaded.
 *
 * <p>Knobs are kept by path in a hash map, and sorted only when a listing asks: a kernel boot
 * registers a few hundred (the per-size mTHP statistics), and the explorer boots one per execution,
 * where a sorted map's comparisons of long common path prefixes were a fifth of the search's time.
 */
@Singleton
public final class KnobTree {
  /** The owner of knobs the kernel itself registers. */
  public static final Object KERNEL = new Object();

  private final Map<String, Knob> knobs = new HashMap<>();
  private final Map<String, Object> owners = new HashMap<>();
  private TreeMap<String, Knob> sorted;

  public synchronized <K extends Knob> K register(Object owner, K knob) {
    String path = knob.path();
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("knob paths are absolute file paths: " + path);
    }
    if (knobs.containsKey(path)) {
      throw new IllegalStateException("knob " + path + " is already registered");
    }
    knobs.put(path, knob);
    owners.put(path, owner);
    sorted = null;
    return knob;
  }

  public synchronized Knob find(String path) {
    return knobs.get(path);
  }

  public synchronized List<Knob> all() {
    return List.copyOf(sorted().values());
  }

  private TreeMap<String, Knob> sorted() {
    if (sorted == null) {
      sorted = new TreeMap<>(knobs);
    }
    return sorted;
  }

  /** The knobs this owner registered, sorted by path. */
  public synchronized List<Knob> ownedBy(Object owner) {
    List<Knob> out = new ArrayList<>();
    owners.forEach(
        (path, o) -> {
          if (o == owner) {
            out.add(knobs.get(path));
          }
        });
    out.sort(java.util.Comparator.comparing(Knob::path));
    return out;
  }

  /** Removes every knob of this owner. */
  public synchronized void removeOwner(Object owner) {
    List<String> gone = new ArrayList<>();
    owners.forEach(
        (path, o) -> {
          if (o == owner) {
            gone.add(path);
          }
        });
    for (String path : gone) {
      knobs.remove(path);
      owners.remove(path);
    }
    if (!gone.isEmpty()) {
      sorted = null;
    }
  }

  /** Knob paths sharing the longest prefix with {@code path}, for "did you mean" messages. */
  public synchronized List<String> nearest(String path, int max) {
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "/";
    List<String> out = new ArrayList<>();
    while (out.isEmpty() && !dir.isEmpty()) {
      for (String p : sorted().keySet()) {
        if (p.startsWith(dir) && out.size() < max) {
          out.add(p);
        }
      }
      int cut = dir.lastIndexOf('/', dir.length() - 2);
      dir = cut < 0 ? "" : dir.substring(0, cut + 1);
    }
    return out;
  }

  /** The view a plugin gets: registrations are owned by {@code owner}. */
  public Knobs viewFor(Object owner) {
    return new Knobs() {
      @Override
      public <K extends Knob> K register(K knob) {
        return KnobTree.this.register(owner, knob);
      }

      @Override
      public Knob find(String path) {
        return KnobTree.this.find(path);
      }

      @Override
      public List<Knob> all() {
        return KnobTree.this.all();
      }
    };
  }
}
