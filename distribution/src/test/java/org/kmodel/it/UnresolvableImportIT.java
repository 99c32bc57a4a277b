package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.container.BundleInfo;
import org.kmodel.it.plugins.ModeThpPolicy;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;
import org.kmodel.testkit.bundle.TestBundle;

/** A bundle importing a package nobody exports is reported by name, and the rest keeps working. */
@KmodelTest(set = "default")
class UnresolvableImportIT {

  @Test
  void theReportNamesTheBundleAndTheMissingPackage(Kmodel kmodel) throws Exception {
    Path jar =
        TestBundle.named("org.kmodel.it.unresolvable")
            .version("2.1.0")
            .service(ThpPolicy.class, ModeThpPolicy.class, "thp-unresolvable", 1000)
            .importPackage("org.nowhere.missing;version=\"[1.0,2)\"")
            .build(kmodel.workDir());
    kmodel.deploy(jar);

    assertEquals(
        "bundle org.kmodel.it.unresolvable 2.1.0 cannot resolve: no bundle exports package"
            + " org.nowhere.missing [1.0.0,2.0.0)",
        kmodel.problems().get(0));
    BundleInfo info =
        kmodel.container().bundles().stream()
            .filter(b -> b.name().equals("org.kmodel.it.unresolvable"))
            .findFirst()
            .orElseThrow();
    assertEquals("INSTALLED", info.state());

    RunResult r =
        kmodel.run(
            "still.yaml",
            """
            name: still-works
            steps:
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertTrue(
        r.events().stream()
            .anyMatch(
                e -> e.type().equals("bundle") && e.message().contains("org.nowhere.missing")));
  }
}
