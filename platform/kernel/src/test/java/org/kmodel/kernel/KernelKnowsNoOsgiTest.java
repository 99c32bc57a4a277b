package org.kmodel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rule 1 of the design: the kernel core knows no OSGi, so a kernel test needs no Felix. */
class KernelKnowsNoOsgiTest {
  @Test
  void noMainSourceImportsOsgiOrFelix() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the kernel module's directory");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(KernelKnowsNoOsgiTest::importsOsgi)
              .map(Path::toString)
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  private static boolean importsOsgi(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.anyMatch(
          l -> l.startsWith("import org.osgi.") || l.startsWith("import org.apache.felix."));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
