package org.kmodel.kernel.scenario.op;

import java.util.Map;
import java.util.function.BiConsumer;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;

/** Writes knobs as scenarios do, in the {@code knobs:} section and in {@code set} steps. */
public final class KnobWriter {
  private KnobWriter() {}

  /**
   * Writes one knob and records it as a {@code knob} event. A value the knob rejects is the
   * kernel's errno, reported to {@code fail}; the run goes on.
   *
   * @throws BadInputException for a path no knob has
   */
  public static void write(Kernel kernel, KnobWrite w, BiConsumer<Location, String> fail) {
    Knob k = kernel.knobTree().find(w.path());
    if (k == null) {
      throw new BadInputException(w.where(), unknown(kernel, w.path()));
    }
    try {
      k.write(w.value());
      kernel
          .events()
          .record(
              "knob", w.path() + " = " + k.value(), Map.of("path", w.path(), "value", k.value()));
    } catch (KnobException e) {
      fail.accept(
          w.where(),
          "echo "
              + w.value()
              + " > "
              + w.path()
              + ": "
              + e.errno().describe()
              + " ("
              + e.errno()
              + "): "
              + e.getMessage());
    }
  }

  /**
   * kmodel's own switches between Linux generations that {@code machine.kernel} replaced, with what
   * the release decides in their place.
   */
  private static final Map<String, String> REPLACED_BY_KERNEL =
      Map.of(
          "/sys/kernel/kmodel/thp_cow",
          "copy-on-write of a huge page: 5.8+ splits the PMD, earlier releases copy it whole",
          "/sys/kernel/kmodel/thp_swapout",
          "THP swap-out: 4.14+ writes a huge page whole, earlier releases split it",
          "/sys/kernel/kmodel/khugepaged_collapse",
          "khugepaged's collapse rule, as the release had it");

  /** Why {@code path} names no knob, with the nearest paths that do. */
  static String unknown(Kernel kernel, String path) {
    String replaced = REPLACED_BY_KERNEL.get(path);
    if (replaced != null) {
      return "no knob "
          + path
          + ": it was replaced by machine.kernel (e.g. machine: {kernel: 5.7}), which chooses "
          + replaced;
    }
    String noThp = withoutThp(kernel, path);
    if (noThp != null) {
      return noThp;
    }
    StringBuilder sb = new StringBuilder("no knob ").append(path);
    var near = kernel.knobTree().nearest(path, 8);
    if (!near.isEmpty()) {
      sb.append(" (nearby: ").append(String.join(", ", near)).append(')');
    }
    return sb.toString();
  }

  /** Where THP's knobs live; an architecture without transparent huge pages has none of them. */
  private static final String THP_KNOBS = "/sys/kernel/mm/transparent_hugepage/";

  /**
   * The message for a THP knob on an architecture that has no transparent huge pages, which says so
   * instead of listing the knobs nearby; null for any other path or when THP is there.
   */
  private static String withoutThp(Kernel kernel, String path) {
    if (!path.startsWith(THP_KNOBS) || kernel.knobTree().find(THP_KNOBS + "enabled") != null) {
      return null;
    }
    var arch = kernel.slots().slot(org.kmodel.api.arch.Architecture.SLOT);
    String name = arch.isEmpty() ? "this architecture" : arch.occupantName();
    return name + " has no transparent huge pages: " + path + " does not exist";
  }
}
