package org.kmodel.kernel.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * CPU profiles by name: {@code NAME.yaml} in the configured directories ({@code conf/cpu/} of a
 * kmodel home), then those the attached architecture ships, then the profiles built into the
 * kernel. A name containing a slash or ending in {@code .yaml} is a file path.
 *
 * <p>A malformed profile is reported as {@code file:line:column: problem}.
 */
public final class CpuProfiles {
  private static final String RESOURCE_DIR = "/cpu/";
  private static final List<String> BUILT_IN =
      List.of("generic", "skylake", "westmere", "zen2", "zen5");

  /**
   * Profiles parsed so far, by {@link FileStamp} or {@link Text}. A kernel loads its profile when
   * its architecture attaches, and parsing it costs more than the rest of a small kernel's boot:
   * the explorer boots one per interleaving. Profiles are immutable, so one serves every kernel; a
   * malformed one is not kept and fails again on the next load.
   */
  private static final Map<Object, CpuProfile> PARSED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, CpuProfile> eldest) {
              return size() > 64;
            }
          });

  /** A profile file as it was parsed: a file edited since has another stamp. */
  private record FileStamp(Path file, FileTime modified, long size) {}

  /** A profile read from a URL or the kernel's resources, with the text it was parsed from. */
  private record Text(String source, String text) {}

  private final List<Path> dirs;

  public CpuProfiles(List<Path> dirs) {
    this.dirs = List.copyOf(dirs);
  }

  /** Only the profiles built into the kernel. */
  public static CpuProfiles builtIn() {
    return new CpuProfiles(List.of());
  }

  /** Every profile name this registry can load, sorted. */
  public Set<String> names() {
    return names(List.of());
  }

  /** Every profile name this registry can load beside an architecture's own, sorted. */
  public Set<String> names(List<URL> archProfiles) {
    Set<String> names = new TreeSet<>(BUILT_IN);
    for (URL u : archProfiles) {
      String n = profileName(u);
      if (n != null) {
        names.add(n);
      }
    }
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml"))
              .forEach(f -> names.add(f.substring(0, f.length() - ".yaml".length())));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot list CPU profiles in " + dir + ": " + e);
        }
      }
    }
    return names;
  }

  /**
   * Loads a profile by name or path.
   *
   * @throws IllegalArgumentException naming the profile (and the nearest known names) when it does
   *     not exist, or {@code file:line:column} when it is malformed
   */
  public CpuProfile load(String nameOrPath) {
    return load(nameOrPath, List.of());
  }

  /**
   * Loads a profile by name or path, looking among {@code archProfiles} (an architecture's own
   * {@code NAME.yaml} files) after the configured directories.
   *
   * @throws IllegalArgumentException as {@link #load(String)}
   */
  public CpuProfile load(String nameOrPath, List<URL> archProfiles) {
    if (nameOrPath.contains("/") || nameOrPath.endsWith(".yaml")) {
      return read(Path.of(nameOrPath));
    }
    for (Path dir : dirs) {
      Path file = dir.resolve(nameOrPath + ".yaml");
      if (Files.isRegularFile(file)) {
        return read(file);
      }
    }
    for (URL u : archProfiles) {
      if (nameOrPath.equals(profileName(u))) {
        try (InputStream in = u.openStream()) {
          return parseOnce(new String(in.readAllBytes(), StandardCharsets.UTF_8), u.toString());
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read CPU profile " + u + ": " + e);
        }
      }
    }
    try (InputStream in =
        CpuProfiles.class.getResourceAsStream(RESOURCE_DIR + nameOrPath + ".yaml")) {
      if (in != null) {
        return parseOnce(
            new String(in.readAllBytes(), StandardCharsets.UTF_8), nameOrPath + ".yaml");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CPU profile " + nameOrPath + ": " + e);
    }
    throw new IllegalArgumentException(
        "no CPU profile named '"
            + nameOrPath
            + "' (known: "
            + String.join(", ", names(archProfiles))
            + ")");
  }

  /** {@code NAME} of a URL ending in {@code NAME.yaml}, or {@code null}. */
  private static String profileName(URL u) {
    String path = u.getPath();
    int slash = path.lastIndexOf('/');
    String file = path.substring(slash + 1);
    return file.endsWith(".yaml") ? file.substring(0, file.length() - ".yaml".length()) : null;
  }

  private static CpuProfile read(Path file) {
    FileStamp stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = new FileStamp(file, a.lastModifiedTime(), a.size());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CPU profile " + file + ": " + e);
    }
    CpuProfile known = PARSED.get(stamp);
    if (known != null) {
      return known;
    }
    try {
      CpuProfile p = parse(Files.readString(file), file.toString());
      PARSED.put(stamp, p);
      return p;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CPU profile " + file + ": " + e);
    }
  }

  /** {@link #parse}, once per source and text. */
  private static CpuProfile parseOnce(String text, String source) {
    Text key = new Text(source, text);
    CpuProfile known = PARSED.get(key);
    if (known != null) {
      return known;
    }
    CpuProfile p = parse(text, source);
    PARSED.put(key, p);
    return p;
  }

  /** Parses one profile; {@code source} names it in messages. */
  public static CpuProfile parse(String text, String source) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
    if (root == null) {
      throw new IllegalArgumentException(source + ": empty CPU profile");
    }
    Reader r = new Reader(source);
    Map<String, Node> top =
        r.map(
            root,
            List.of(
                "name",
                "arch",
                "description",
                "clock_ghz",
                "tlb",
                "walk_cache",
                "walk_start_cycles",
                "caches",
                "memory",
                "fault"),
            List.of());
    List<CpuProfile.TlbSpec> tlbs = new ArrayList<>();
    Node tlbNode = top.get("tlb");
    if (!(tlbNode instanceof SequenceNode seq)) {
      throw r.error(tlbNode, "tlb must be a list of TLB arrays");
    }
    for (Node n : seq.getValue()) {
      Map<String, Node> t =
          r.map(n, List.of("name", "level", "pages", "entries", "ways"), List.of("hit_cycles"));
      List<Integer> shifts = new ArrayList<>();
      Node pages = t.get("pages");
      if (!(pages instanceof SequenceNode ps)) {
        throw r.error(pages, "pages must be a list of page sizes, e.g. [4K, 2M]");
      }
      for (Node p : ps.getValue()) {
        long size = r.size(p);
        if (Long.bitCount(size) != 1 || size < LineCache.CHUNK_BYTES) {
          throw r.error(p, "a page size must be a power of two of at least 4K");
        }
        shifts.add(Long.numberOfTrailingZeros(size));
      }
      r.build(
          n,
          () ->
              tlbs.add(
                  new CpuProfile.TlbSpec(
                      r.text(t.get("name")),
                      (int) r.integer(t.get("level")),
                      shifts,
                      (int) r.integer(t.get("entries")),
                      (int) r.integer(t.get("ways")),
                      t.containsKey("hit_cycles") ? (int) r.integer(t.get("hit_cycles")) : 0)));
    }
    Map<String, Integer> walkCache = new LinkedHashMap<>();
    Node wc = top.get("walk_cache");
    if (!(wc instanceof MappingNode wm)) {
      throw r.error(wc, "walk_cache must map level names to entries, e.g. {PMD: 32}");
    }
    for (NodeTuple t : wm.getValue()) {
      walkCache.put(r.text(t.getKeyNode()), (int) r.integer(t.getValueNode()));
    }
    Map<String, Node> caches = r.map(top.get("caches"), List.of("l1d", "l2", "llc"), List.of());
    Map<String, Node> memory =
        r.map(top.get("memory"), List.of("latency_ns", "bandwidth_gbs", "copy_gbs"), List.of());
    Map<String, Node> fault =
        r.map(
            top.get("fault"),
            List.of("fixed_ns", "huge_fixed_ns", "clear_gbs", "swap_in_us"),
            List.of());
    CpuProfile[] out = new CpuProfile[1];
    r.build(
        root,
        () ->
            out[0] =
                new CpuProfile(
                    r.text(top.get("name")),
                    r.text(top.get("arch")),
                    r.text(top.get("description")),
                    r.number(top.get("clock_ghz")),
                    tlbs,
                    walkCache,
                    (int) r.integer(top.get("walk_start_cycles")),
                    r.cache(caches.get("l1d")),
                    r.cache(caches.get("l2")),
                    r.cache(caches.get("llc")),
                    new CpuProfile.MemorySpec(
                        r.number(memory.get("latency_ns")),
                        r.number(memory.get("bandwidth_gbs")),
                        r.number(memory.get("copy_gbs"))),
                    new CpuProfile.FaultSpec(
                        r.number(fault.get("fixed_ns")),
                        r.number(fault.get("huge_fixed_ns")),
                        r.number(fault.get("clear_gbs")),
                        r.number(fault.get("swap_in_us")))));
    return out[0];
  }

  /** Reads nodes, reporting problems at the node's position. */
  private record Reader(String source) {
    IllegalArgumentException error(Node node, String message) {
      if (node == null) {
        return new IllegalArgumentException(source + ": " + message);
      }
      Mark m = node.getStartMark();
      return new IllegalArgumentException(
          source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": " + message);
    }

    Map<String, Node> map(Node node, List<String> required, List<String> optional) {
      if (!(node instanceof MappingNode m)) {
        throw error(node, "expected a mapping with " + String.join(", ", required));
      }
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = text(t.getKeyNode());
        if (!required.contains(key) && !optional.contains(key)) {
          List<String> all = new ArrayList<>(required);
          all.addAll(optional);
          throw error(t.getKeyNode(), "unknown key '" + key + "' (expected " + all + ")");
        }
        if (out.put(key, t.getValueNode()) != null) {
          throw error(t.getKeyNode(), "duplicate key '" + key + "'");
        }
      }
      for (String key : required) {
        if (!out.containsKey(key)) {
          throw error(node, "missing '" + key + "'");
        }
      }
      return out;
    }

    String text(Node node) {
      if (!(node instanceof ScalarNode s)) {
        throw error(node, "expected a single value");
      }
      return s.getValue();
    }

    double number(Node node) {
      try {
        return Double.parseDouble(text(node));
      } catch (NumberFormatException e) {
        throw error(node, "expected a number, not '" + text(node) + "'");
      }
    }

    long integer(Node node) {
      try {
        return Long.parseLong(text(node));
      } catch (NumberFormatException e) {
        throw error(node, "expected a whole number, not '" + text(node) + "'");
      }
    }

    long size(Node node) {
      try {
        return Sizes.parse(text(node));
      } catch (IllegalArgumentException e) {
        throw error(node, e.getMessage());
      }
    }

    CpuProfile.CacheSpec cache(Node node) {
      Map<String, Node> c =
          map(node, List.of("size", "latency_cycles", "bandwidth_gbs"), List.of());
      CpuProfile.CacheSpec[] out = new CpuProfile.CacheSpec[1];
      build(
          node,
          () ->
              out[0] =
                  new CpuProfile.CacheSpec(
                      size(c.get("size")),
                      (int) integer(c.get("latency_cycles")),
                      number(c.get("bandwidth_gbs"))));
      return out[0];
    }

    /** Runs a record constructor, turning its validation message into a positioned one. */
    void build(Node at, Runnable constructor) {
      try {
        constructor.run();
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(source)) {
          throw e;
        }
        throw error(at, e.getMessage());
      }
    }
  }
}
