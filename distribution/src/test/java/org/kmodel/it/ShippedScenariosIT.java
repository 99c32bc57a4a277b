package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kmodel.container.KmodelHome;

/**
 * Every scenario shipped at the top of scenarios/, in scenarios/btrfs/ and in scenarios/policies/
 * runs through the real command, on the bundle set it names, with the invariant checker on, and
 * every expectation in it holds.
 */
class ShippedScenariosIT {

  @TestFactory
  Stream<DynamicTest> everyShippedScenarioPasses() {
    Path dir = KmodelHome.locate().scenarios();
    return Stream.of(dir, dir.resolve("btrfs"), dir.resolve("policies"))
        .flatMap(ShippedScenariosIT::list)
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    dir.relativize(file).toString(),
                    () -> {
                      Cli r = Cli.run("run", "--no-deploy", file.toString());
                      assertEquals(0, r.exitCode(), r.out() + r.err());
                    }));
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
