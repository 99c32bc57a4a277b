package org.kmodel.it;

import java.nio.file.Path;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.explore.Explorer;
import org.kmodel.kernel.scenario.op.Operations;

/** Explores a shipped btrfs race scenario on the real bundles. */
final class RaceExploration {
  private RaceExploration() {}

  static Path scenario(String name) {
    return KmodelHome.locate().scenarios().resolve("btrfs").resolve(name);
  }

  static Explorer.Report explore(String name, boolean all) throws Exception {
    return new ScenarioSession(new Launch(KmodelHome.locate()))
        .explore(Operations.parser().parse(scenario(name)), all, 100_000);
  }
}
