package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Location;

class VaryTest {
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

  @Test
  void everyKindOfKeyIsKnown() {
    assertEquals(Vary.Kind.KNOB, Vary.parse(ENABLED + "=always,never", 1).kind());
    assertEquals(Vary.Kind.BUNDLES, Vary.parse("bundles=default,generic", 1).kind());
    assertEquals(Vary.Kind.CPU, Vary.parse("cpu=zen5", 1).kind());
    assertEquals(Vary.Kind.HOST_PAGES, Vary.parse("machine.nested.host_pages=4K,2M", 1).kind());
    assertEquals(Vary.Kind.BOOT, Vary.parse("boot=transparent_hugepage=never", 1).kind());
    assertEquals(Vary.Kind.KERNEL, Vary.parse("machine.kernel=5.8,6.13", 1).kind());
  }

  @Test
  void valuesSplitAtCommasAndEachKnowsItsColumn() {
    Vary v = Vary.parse(ENABLED + "=always,madvise,never", 3);
    assertEquals(ENABLED, v.key());
    assertEquals(List.of("always", "madvise", "never"), v.values());
    int first = ENABLED.length() + 2;
    assertEquals(
        List.of(
            new Location("--vary", 3, first),
            new Location("--vary", 3, first + 7),
            new Location("--vary", 3, first + 15)),
        v.where());
  }

  @Test
  void aBackslashEscapesACommaOrItself() {
    Vary v = Vary.parse("boot=fail_page_alloc=1\\,50\\,0\\,5,a\\\\b,", 1);
    assertEquals(List.of("fail_page_alloc=1,50,0,5", "a\\b", ""), v.values());
    assertEquals(List.of("fail_page_alloc=1,50,0,5", "a\\b", "\"\""), v.labels());
  }

  @Test
  void anUnknownKeyIsNamedWithTheAcceptedKinds() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Vary.parse("thp=always", 1));
    assertTrue(e.getMessage().contains("unknown key 'thp'"), e.getMessage());
    for (String kind :
        List.of(
            "knob path starting with /", "bundles", "cpu", "machine.nested.host_pages", "boot")) {
      assertTrue(e.getMessage().contains(kind), e.getMessage());
    }
  }

  @Test
  void badOptionsAreRejected() {
    assertMessage("expected KEY=VALUE", "cpu");
    assertMessage("expected KEY=VALUE", "=zen5");
    assertMessage(
        "'3M' is not a power-of-two size (e.g. 4K, 2M) or none", "machine.nested.host_pages=4K,3M");
    assertMessage("'zen5' is given twice", "cpu=zen5,zen2,zen5");
    assertMessage("'3.x' is not a kernel release", "machine.kernel=5.8,3.x");
    assertMessage("a value must not be empty", "cpu=zen5,");
    assertMessage("a value must not be empty", "bundles=");
    assertMessage("a value must not be empty", ENABLED + "=");
    assertMessage("a value must not be empty", ENABLED + "=always,");
  }

  @Test
  void aKeyMayBeVariedOnlyOnce() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Vary.parseAll(List.of("cpu=zen5", ENABLED + "=never", "cpu=zen2")));
    assertTrue(e.getMessage().contains("--vary cpu: the key is varied twice"), e.getMessage());
  }

  @Test
  void optionsAreNumberedInOrder() {
    List<Vary> all = Vary.parseAll(List.of("cpu=zen5", ENABLED + "=never"));
    assertEquals(1, all.get(0).where().get(0).line());
    assertEquals(2, all.get(1).where().get(0).line());
  }

  @Test
  void cpuFilesAreLabelledByProfileNameUnlessTwoLookAlike() {
    assertEquals(
        List.of("zen5", "westmere", "skylake"),
        Vary.parse("cpu=conf/zen5.yaml,/opt/westmere.yaml,skylake", 1).labels());
    assertEquals(
        List.of("a/zen5.yaml", "b/zen5.yaml"),
        Vary.parse("cpu=a/zen5.yaml,b/zen5.yaml", 1).labels());
  }

  @Test
  void aCpuPathIsMadeAbsoluteAndANameIsLeftAlone() {
    assertEquals("zen5", Vary.cpuProfile("zen5"));
    assertEquals(
        Path.of("conf/cpu/zen5.yaml").toAbsolutePath().toString(),
        Vary.cpuProfile("conf/cpu/zen5.yaml"));
    assertEquals(Path.of("my.yaml").toAbsolutePath().toString(), Vary.cpuProfile("my.yaml"));
  }

  private static void assertMessage(String expected, String option) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Vary.parse(option, 1));
    assertTrue(e.getMessage().contains(expected), option + ": " + e.getMessage());
  }
}
