package org.kmodel.kernel.explore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.kmodel.api.fs.Footprint;

/**
 * The steps that can change the truth of a property checked after every step (an {@code always}
 * predicate): the partial-order reduction must keep such steps in the order a run took them, or a
 * state only some orders pass through goes unchecked (the visibility condition of Peled's ample
 * sets, Clarke, Grumberg and Peled, "Model Checking", ch. 10). A step that can change property
 * {@code i} is made to write the pseudo-object {@code always:i}, so any two such steps conflict.
 *
 * <p>A {@code data.FILE.OFFSET} predicate reads the file ({@code inode:FILE}) and the data of
 * whatever extent its item points at ({@code data:...}); any other metric is taken to depend on
 * every step that changes anything. The filesystem's built-in invariants need nothing here: they
 * read only what steps declaring {@link Footprint#EVERYTHING} change (removed chunks), or are
 * recorded by the step that breaks them.
 */
public final class Visibility implements UnaryOperator<Footprint> {

  /** No property: footprints pass unchanged. */
  public static final Visibility NONE = new Visibility(List.of());

  private final List<Predicate<Footprint>> properties;

  private Visibility(List<Predicate<Footprint>> properties) {
    this.properties = List.copyOf(properties);
  }

  /** The properties over these metrics, in order. */
  public static Visibility ofMetrics(List<String> metrics) {
    List<Predicate<Footprint>> out = new ArrayList<>();
    for (String metric : metrics) {
      out.add(changes(metric));
    }
    return new Visibility(out);
  }

  private static Predicate<Footprint> changes(String metric) {
    if (metric.startsWith("data.")) {
      int dot = metric.lastIndexOf('.');
      if (dot > "data.".length()) {
        String file = "inode:" + metric.substring("data.".length(), dot);
        return f -> f.changes(file) || changesAny(f, "data:");
      }
    }
    return f -> f.everything() || !f.writes().isEmpty() || !f.updates().isEmpty();
  }

  private static boolean changesAny(Footprint f, String prefix) {
    if (f.everything()) {
      return true;
    }
    for (String w : f.writes()) {
      if (w.startsWith(prefix)) {
        return true;
      }
    }
    for (String u : f.updates()) {
      if (u.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** {@code f}, writing {@code always:i} for every property {@code i} it can change. */
  @Override
  public Footprint apply(Footprint f) {
    if (properties.isEmpty() || f.everything()) {
      return f;
    }
    Set<String> visible = null;
    for (int i = 0; i < properties.size(); i++) {
      if (properties.get(i).test(f)) {
        if (visible == null) {
          visible = new HashSet<>(f.writes());
        }
        visible.add("always:" + i);
      }
    }
    return visible == null ? f : Footprint.of(f.reads(), visible, f.updates());
  }
}
