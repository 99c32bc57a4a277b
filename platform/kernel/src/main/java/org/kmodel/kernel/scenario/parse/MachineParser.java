package org.kmodel.kernel.scenario.parse;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.kmodel.api.KernelVersion;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.value.Comparison;
import org.kmodel.kernel.scenario.value.InputText;
import org.kmodel.kernel.scenario.value.KernelReleases;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses the {@code machine:} section. Sizes are checked for syntax here; whether they are whole
 * numbers of the architecture's base page is checked when the run starts, once the machine is
 * pinned.
 */
final class MachineParser {

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
    List<String> signature =
        List.of("memory?", "swap?", "fragmentation?", "nested?", "cpu?", "cost?", "kernel?");
    Args a = Args.read(diag, key, value, "key", " in machine", null, signature);
    Long memory = a.positiveSize("memory");
    Long swap = a.size("swap");
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
    return new Machine(
        memory == null ? Machine.DEFAULT_MEMORY_BYTES : memory,
        swap == null ? 0 : swap,
        fragmentation,
        buddyinfo,
        hostPage,
        cpu(a),
        cost(a),
        kernel(a),
        where);
  }

  /** The Linux release, or null when not given (reported when it names none). */
  private KernelVersion kernel(Args a) {
    String text = a.text("kernel");
    if (text == null) {
      return null;
    }
    KernelVersion release = KernelReleases.parse(text);
    if (release == null) {
      a.report(
          "kernel",
          "bad kernel '" + InputText.quote(text) + "': expected " + KernelReleases.choices());
    }
    return release;
  }

  /** The cost mode, or null when not given (reported when it names no mode). */
  private CostMode cost(Args a) {
    String text = a.text("cost");
    if (text == null) {
      return null;
    }
    CostMode mode = CostMode.parse(text);
    if (mode == null) {
      a.report("cost", "bad cost '" + text + "': expected " + CostMode.choices());
    }
    return mode;
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

  /**
   * The host page size of a nested machine; 0 (reported) when it is not a power of two. Whether the
   * architecture maps pages of that size is for the kernel to say when it boots.
   */
  private long hostPageSize(Node nested) {
    Args n = Args.read(diag, nested, nested, "key", " in nested", null, List.of("host_pages"));
    Long size = n.size("host_pages");
    if (size != null && Long.bitCount(size) != 1) {
      n.report(
          "host_pages",
          "'host_pages' in nested must be a power of two, e.g. 4K or 2M, not "
              + n.written("host_pages"));
      return 0;
    }
    return size == null ? 0 : size;
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
