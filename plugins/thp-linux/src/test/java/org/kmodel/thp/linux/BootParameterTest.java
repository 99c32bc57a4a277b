package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/** {@code transparent_hugepage=} on the kernel command line. */
class BootParameterTest {
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  private static FakePluginContext bootWith(String value) {
    FakePluginContext kernel = new FakePluginContext(Geometries.x86_64());
    if (value != null) {
      kernel.boot("transparent_hugepage", value);
    }
    new LinuxThpPolicy().attach(kernel);
    return kernel;
  }

  @ParameterizedTest
  @CsvSource({
    "always,  [always] madvise never",
    "madvise, always [madvise] never",
    "never,   always madvise [never]",
  })
  void setsEnabled(String value, String enabled) {
    FakePluginContext kernel = bootWith(value);
    assertEquals(enabled, kernel.cat(ENABLED));
    assertEquals(List.of(), kernel.events());
  }

  @ParameterizedTest
  @CsvSource({"sometimes", "defer", "Always", "''"})
  void anythingElseIsIgnoredWithAWarning(String value) {
    FakePluginContext kernel = bootWith(value);
    assertEquals("[always] madvise never", kernel.cat(ENABLED));
    assertEquals(List.of("warning: transparent_hugepage= cannot parse, ignored"), kernel.events());
  }

  @Test
  void absentLeavesTheDefault() {
    FakePluginContext kernel = bootWith(null);
    assertEquals("[always] madvise never", kernel.cat(ENABLED));
    assertEquals(List.of(), kernel.events());
  }
}
