package org.kmodel.container.cli;

import java.util.List;
import org.kmodel.container.ContainerException;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;

/** Checks of {@code --vary} values that need the installation, shared by compare and sweep. */
final class VaryCheck {
  private VaryCheck() {}

  /**
   * Checks the bundle-set names and CPU profiles among the values before anything runs, so that a
   * misspelt one in the last variant does not wait for the others; returns the first that does not
   * exist, with where it is written and why, or null. Knobs can only be checked by a booted kernel:
   * the run reports them.
   */
  static String unknownValue(List<Vary> varies, Launch launch) {
    for (Vary v : varies) {
      for (int i = 0; i < v.values().size(); i++) {
        String value = v.values().get(i);
        try {
          if (v.kind() == Vary.Kind.BUNDLES) {
            launch.sets().get(value);
          } else if (v.kind() == Vary.Kind.CPU) {
            ScenarioSession.cpuProfiles().load(Vary.cpuProfile(value));
          }
        } catch (ContainerException | IllegalArgumentException e) {
          return v.where().get(i) + ": " + v.key() + "=" + value + ": " + e.getMessage();
        }
      }
    }
    return null;
  }
}
