package org.kmodel.api.knob;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The knob tree of a kernel, as a plugin sees it. Use only on the simulation thread. */
@ProviderType
public interface Knobs {

  /**
   * Adds a knob. A knob registered through a plugin's context is owned by that plugin and removed
   * when it is detached.
   *
   * @throws IllegalStateException when the path is taken
   */
  <K extends Knob> K register(K knob);

  /** The knob at this path, or {@code null}. */
  Knob find(String path);

  /** Every knob, sorted by path. */
  List<Knob> all();
}
