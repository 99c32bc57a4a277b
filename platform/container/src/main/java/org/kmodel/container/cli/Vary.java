package org.kmodel.container.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.scenario.model.BundleSelection;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.value.KernelReleases;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * One {@code --vary KEY=V1,V2,...} option of {@code kmodel compare}: a scenario setting and the
 * values to try it with. A {@code \,} in a value is a literal comma and {@code \\} a backslash, so
 * that a kernel command line such as {@code fail_page_alloc=1\,50\,0\,5} can be one value.
 *
 * @param key the setting as written: a knob path or one of {@link Kind}'s names
 * @param kind what the key changes
 * @param values the values in option order, unescaped; distinct
 * @param labels the values as column headings show them: an empty one as {@code ""}, CPU profile
 *     files by their name ({@code zen5} for {@code conf/zen5.yaml}) unless two would look alike
 * @param where for each value, {@code --vary:N:COLUMN}: the option's position among the {@code
 *     --vary} options and the value's column in it; knob writes carry it, so that a knob the run
 *     rejects is reported there
 */
record Vary(String key, Kind kind, List<String> values, List<String> labels, List<Location> where) {

  /** The file name the locations of {@code --vary} values carry. */
  static final String SOURCE = "--vary";

  /** What the accepted keys are, for messages. */
  static final String ACCEPTED =
      "a knob path starting with / (e.g. /sys/kernel/mm/transparent_hugepage/enabled), bundles,"
          + " cpu, machine.nested.host_pages, machine.cost, machine.kernel or boot";

  /** Copies the lists. */
  Vary {
    values = List.copyOf(values);
    labels = List.copyOf(labels);
    where = List.copyOf(where);
  }

  /** What a {@code --vary} key changes in the scenario. */
  enum Kind {
    /** A knob write appended to {@code knobs:}, after the scenario's own. */
    KNOB,
    /** The bundle-set name ({@code bundles:}). */
    BUNDLES,
    /**
     * The CPU profile ({@code machine: {cpu: ...}}): a name, or a path from the working directory.
     */
    CPU,
    /**
     * The host page size under nested paging: a power-of-two size such as {@code 4K} or {@code 2M}
     * (whether the architecture maps it is checked at boot), or {@code none}.
     */
    HOST_PAGES,
    /** How much of the cost model runs: {@code exact}, {@code fast} or {@code off}. */
    COST,
    /** The Linux release the kernel models ({@code machine: {kernel: ...}}), e.g. {@code 5.8}. */
    KERNEL,
    /** The kernel command line ({@code boot:}), replaced. */
    BOOT;

    /** The kind a key names, or null when it names none. */
    static Kind of(String key) {
      if (key.startsWith("/")) {
        return KNOB;
      }
      return switch (key) {
        case "bundles" -> BUNDLES;
        case "cpu" -> CPU;
        case "machine.nested.host_pages" -> HOST_PAGES;
        case "machine.cost" -> COST;
        case "machine.kernel" -> KERNEL;
        case "boot" -> BOOT;
        default -> null;
      };
    }

    /**
     * Checks one value of this kind; returns why it is not acceptable, or null when it is. A knob
     * value must not be empty (no knob takes one); what a knob accepts beyond that, and command
     * lines, are left to the run, which reports them where they are written.
     */
    String check(String value) {
      return switch (this) {
        case BOOT -> null;
        case KNOB, BUNDLES, CPU -> value.isEmpty() ? "a value must not be empty" : null;
        case HOST_PAGES ->
            hostPageSize(value) < 0
                ? "'" + value + "' is not a power-of-two size (e.g. 4K, 2M) or none"
                : null;
        case COST ->
            CostMode.parse(value) == null
                ? "'" + value + "' is not a cost mode (" + CostMode.choices() + ")"
                : null;
        case KERNEL ->
            KernelReleases.parse(value) == null
                ? "'" + value + "' is not a kernel release (" + KernelReleases.choices() + ")"
                : null;
      };
    }

    /** The scenario with {@code key} set to {@code value}, a value {@link #check} accepted. */
    Scenario apply(Scenario s, String key, String value, Location where) {
      return switch (this) {
        case KNOB -> {
          List<KnobWrite> knobs = new ArrayList<>(s.knobs());
          knobs.add(new KnobWrite(where, key, value));
          yield copy(s, s.bundles(), s.machine(), s.boot(), knobs);
        }
        case BUNDLES ->
            copy(s, BundleSelection.ofSet(value, where), s.machine(), s.boot(), s.knobs());
        case CPU ->
            copy(s, s.bundles(), s.machine().withCpu(cpuProfile(value)), s.boot(), s.knobs());
        case HOST_PAGES ->
            copy(
                s,
                s.bundles(),
                s.machine().withNestedHostPageSize(hostPageSize(value)),
                s.boot(),
                s.knobs());
        case COST ->
            copy(s, s.bundles(), s.machine().withCost(CostMode.parse(value)), s.boot(), s.knobs());
        case KERNEL ->
            copy(
                s,
                s.bundles(),
                s.machine().withKernel(KernelReleases.parse(value)),
                s.boot(),
                s.knobs());
        case BOOT -> copy(s, s.bundles(), s.machine(), value, s.knobs());
      };
    }
  }

  /**
   * Parses one option.
   *
   * @param option the option's argument, {@code KEY=V1,V2,...}
   * @param position the option's position among the {@code --vary} options, from 1
   * @throws IllegalArgumentException naming the option and what is wrong with it
   */
  static Vary parse(String option, int position) {
    int eq = option.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "--vary " + option + ": expected KEY=VALUE[,VALUE...]; KEY is " + ACCEPTED);
    }
    String key = option.substring(0, eq);
    Kind kind = Kind.of(key);
    if (kind == null) {
      throw new IllegalArgumentException(
          "--vary " + option + ": unknown key '" + key + "'; KEY is " + ACCEPTED);
    }
    List<String> values = new ArrayList<>();
    List<Location> where = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    int start = eq + 1;
    for (int i = eq + 1; i <= option.length(); i++) {
      char c = i < option.length() ? option.charAt(i) : ',';
      if (c == '\\' && i + 1 < option.length()) {
        value.append(option.charAt(++i));
      } else if (c == ',') {
        values.add(value.toString());
        where.add(new Location(SOURCE, position, start + 1));
        value.setLength(0);
        start = i + 1;
      } else {
        value.append(c);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      String problem = kind.check(v);
      if (problem != null) {
        throw new IllegalArgumentException("--vary " + key + ": " + problem);
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("--vary " + key + ": '" + v + "' is given twice");
      }
    }
    return new Vary(key, kind, values, labels(kind, values), where);
  }

  /**
   * Parses every {@code --vary} option, in order.
   *
   * @throws IllegalArgumentException for the first bad option, or a key varied twice
   */
  static List<Vary> parseAll(List<String> options) {
    List<Vary> varies = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String option : options) {
      Vary v = parse(option, varies.size() + 1);
      if (!keys.add(v.key())) {
        throw new IllegalArgumentException(
            "--vary " + v.key() + ": the key is varied twice; give all its values in one option");
      }
      varies.add(v);
    }
    return varies;
  }

  /** This option's {@code i}-th value as one setting of a variant. */
  Variant.Setting setting(int i) {
    return new Variant.Setting(key, kind, values.get(i), labels.get(i), where.get(i));
  }

  /** The {@link #labels} of these values. */
  private static List<String> labels(Kind kind, List<String> values) {
    List<String> plain = values.stream().map(v -> v.isEmpty() ? "\"\"" : v).toList();
    if (kind != Kind.CPU) {
      return plain;
    }
    List<String> names = new ArrayList<>();
    for (String v : plain) {
      Path name = isPath(v) ? Path.of(v).getFileName() : null;
      names.add(name == null ? v : name.toString().replaceFirst("\\.yaml$", ""));
    }
    return new HashSet<>(names).size() == names.size() ? names : plain;
  }

  /** A power-of-two size in bytes, or 0 for {@code none}; -1 for anything else. */
  private static long hostPageSize(String value) {
    if (value.equals("none")) {
      return 0;
    }
    try {
      long bytes = Sizes.parse(value);
      return Long.bitCount(bytes) == 1 ? bytes : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /**
   * A {@code cpu} value as the machine takes it: a profile name as is, a path (it has a slash or
   * ends in .yaml) made absolute from the working directory.
   */
  static String cpuProfile(String value) {
    return isPath(value) ? Path.of(value).toAbsolutePath().toString() : value;
  }

  /** Whether a {@code cpu} value names a file rather than a profile, as the kernel tells them. */
  private static boolean isPath(String value) {
    return value.contains("/") || value.endsWith(".yaml");
  }

  private static Scenario copy(
      Scenario s, BundleSelection bundles, Machine machine, String boot, List<KnobWrite> knobs) {
    return new Scenario(
        s.name(),
        s.description(),
        s.seed(),
        bundles,
        s.slots(),
        machine,
        boot,
        knobs,
        s.steps(),
        s.file(),
        s.sites(),
        s.always());
  }
}
