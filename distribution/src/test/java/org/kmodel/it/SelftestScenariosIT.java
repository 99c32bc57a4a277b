package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/**
 * The kernel's own THP selftests (khugepaged.c, split_huge_page_test.c), re-expressed as the
 * scenarios shipped in scenarios/selftests/: each must give the kernel's verdict, with the
 * invariant checker on after every step.
 */
@KmodelTest(set = "default")
class SelftestScenariosIT {

  @TestFactory
  Stream<DynamicTest> everySelftestScenarioGivesTheKernelsVerdict(Kmodel kmodel)
      throws IOException {
    Path dir = kmodel.launch().home().scenarios().resolve("selftests");
    return Files.list(dir)
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      RunResult r =
                          kmodel.run(file.getFileName().toString(), Files.readString(file));
                      assertTrue(r.ok(), r.failures().toString());
                      assertEquals(0, r.exitCode());
                    }));
  }
}
