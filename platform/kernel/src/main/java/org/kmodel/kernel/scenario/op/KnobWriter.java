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

  /** Why {@code path} names no knob, with the nearest paths that do. */
  static String unknown(Kernel kernel, String path) {
    StringBuilder sb = new StringBuilder("no knob ").append(path);
    var near = kernel.knobTree().nearest(path, 8);
    if (!near.isEmpty()) {
      sb.append(" (nearby: ").append(String.join(", ", near)).append(')');
    }
    return sb.toString();
  }
}
