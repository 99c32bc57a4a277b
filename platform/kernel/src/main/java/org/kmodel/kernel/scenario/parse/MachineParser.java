package org.kmodel.kernel.scenario.parse;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.value.Comparison;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the {@code machine:} section. */
final class MachineParser {

  private static final long PAGE = 4096;
  private static final List<Long> HOST_PAGE_SIZES = List.of(4096L, 2L << 20);

  private final Diagnostics diag;

  MachineParser(Diagnostics diag) {
    this.diag = diag;
  }

  /**
   * Reads the section.
   *
   * @param key the {@code machine} key, which the machine's location names
   * @param value the section, or null when absent
   */
  Machine parse(Node key, Node value) {
    Location where = diag.at(key);
    if (value == null) {
      return Machine.defaults(where);
    }
    List<String> signature = List.of("memory?", "swap?", "fragmentation?", "nested?", "cpu?");
    Args a = Args.read(diag, key, value, "key", " in machine", null, signature);
    long memory = pages(a, "memory", Machine.DEFAULT_MEMORY_BYTES, true);
    long swap = pages(a, "swap", 0, false);
    double fragmentation = 0;
    String buddyinfo = null;
    Node f = a.node("fragmentation");
    if (f instanceof MappingNode) {
      Args b = Args.read(diag, f, f, "key", " in fragmentation", null, List.of("buddyinfo"));
      buddyinfo = resolve(b);
    } else if (f != null) {
      fragmentation = fraction(a);
    }
    long hostPage = a.has("nested") ? hostPageSize(a.node("nested")) : 0;
    return new Machine(memory, swap, fragmentation, buddyinfo, hostPage, cpu(a), where);
  }

  /** A profile name as written, or a profile file resolved against the scenario's directory. */
  private String cpu(Args a) {
    String cpu = a.text("cpu");
    if (cpu == null || !(cpu.contains("/") || cpu.endsWith(".yaml"))) {
      return cpu;
    }
    try {
      return Path.of(diag.file()).resolveSibling(cpu).toString();
    } catch (InvalidPathException e) {
      a.report("cpu", "bad path '" + cpu + "' for cpu: " + e.getReason());
      return null;
    }
  }

  /** The host page size of a nested machine; 0 (reported) when it is not 4K or 2M. */
  private long hostPageSize(Node nested) {
    Args n = Args.read(diag, nested, nested, "key", " in nested", null, List.of("host_pages"));
    Long size = n.size("host_pages");
    if (size != null && !HOST_PAGE_SIZES.contains(size)) {
      n.report(
          "host_pages", "'host_pages' in nested must be 4K or 2M, not " + n.written("host_pages"));
      return 0;
    }
    return size == null ? 0 : size;
  }

  private long pages(Args a, String name, long absent, boolean positive) {
    Long bytes = a.size(name);
    if (bytes != null && (bytes % PAGE != 0 || (positive && bytes == 0))) {
      String what = positive ? "a positive multiple of 4K" : "a multiple of 4K";
      a.report(name, "'" + name + "' in machine must be " + what + ", not " + a.written(name));
    }
    return bytes == null ? absent : bytes;
  }

  private double fraction(Args a) {
    String text = a.text("fragmentation");
    Object number = text == null ? null : Comparison.number(text);
    if (number instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
      return n.doubleValue();
    }
    if (text != null) {
      a.report(
          "fragmentation",
          "bad fragmentation '" + text + "': expected a number from 0 to 1 or {buddyinfo: path}");
    }
    return 0;
  }

  /** The buddyinfo path, relative paths taken from the scenario file's directory. */
  private String resolve(Args b) {
    String path = b.text("buddyinfo");
    if (path == null) {
      return null;
    }
    try {
      return Path.of(diag.file()).resolveSibling(path).toString();
    } catch (InvalidPathException e) {
      b.report("buddyinfo", "bad path '" + path + "' for buddyinfo: " + e.getReason());
      return null;
    }
  }
}
