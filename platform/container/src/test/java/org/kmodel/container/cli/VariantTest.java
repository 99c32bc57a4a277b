package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.BundleSelection;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;

class VariantTest {
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";
  private static final String DEFRAG = "/sys/kernel/mm/transparent_hugepage/defrag";

  @Test
  void withoutOptionsThereIsOneVariantTheScenarioAsWritten() throws ScenarioException {
    List<Variant> variants = Variant.expand(List.of());
    assertEquals(1, variants.size());
    Variant v = variants.get(0);
    assertEquals("as written", v.name());
    assertEquals("as written", v.label());
    assertEquals(Map.of(), v.settingsMap());
    Scenario s = scenario();
    assertEquals(s, v.applyTo(s));
  }

  @Test
  void variantsAreTheProductWithTheFirstOptionOutermost() {
    List<Variant> variants =
        Variant.expand(
            Vary.parseAll(
                List.of(
                    "cpu=zen5,skylake",
                    "machine.nested.host_pages=none,4K,2M",
                    ENABLED + "=never")));
    assertEquals(
        List.of(
            "cpu=zen5 machine.nested.host_pages=none " + ENABLED + "=never",
            "cpu=zen5 machine.nested.host_pages=4K " + ENABLED + "=never",
            "cpu=zen5 machine.nested.host_pages=2M " + ENABLED + "=never",
            "cpu=skylake machine.nested.host_pages=none " + ENABLED + "=never",
            "cpu=skylake machine.nested.host_pages=4K " + ENABLED + "=never",
            "cpu=skylake machine.nested.host_pages=2M " + ENABLED + "=never"),
        variants.stream().map(Variant::name).toList());
    assertEquals("skylake 4K never", variants.get(4).label());
    assertEquals(List.of("skylake", "4K", "never"), variants.get(4).labels());
    assertEquals(
        List.of("cpu", "machine.nested.host_pages", ENABLED),
        List.copyOf(variants.get(4).settingsMap().keySet()));
  }

  @Test
  void aKnobIsWrittenAfterTheScenariosOwnKnobsAtItsOptionsLocation() throws ScenarioException {
    Scenario s = scenario();
    Variant v = Variant.expand(Vary.parseAll(List.of("cpu=zen5", ENABLED + "=never"))).get(0);
    Scenario varied = v.applyTo(s);
    assertEquals(
        List.of(
            s.knobs().get(0),
            new KnobWrite(new Location("--vary", 2, ENABLED.length() + 2), ENABLED, "never")),
        varied.knobs());
    assertEquals(DEFRAG, varied.knobs().get(0).path());
  }

  @Test
  void eachKeyChangesItsPartOfTheScenarioAndNothingElse() throws ScenarioException {
    Scenario s = scenario();
    Variant v =
        Variant.expand(
                Vary.parseAll(
                    List.of(
                        "bundles=generic",
                        "cpu=conf/my-cpu.yaml",
                        "machine.nested.host_pages=2M",
                        "boot=transparent_hugepage=never kmodel.content=0")))
            .get(0);
    Scenario varied = v.applyTo(s);
    assertEquals(BundleSelection.ofSet("generic", new Location("--vary", 1, 9)), varied.bundles());
    assertEquals(Path.of("conf/my-cpu.yaml").toAbsolutePath().toString(), varied.machine().cpu());
    assertEquals(2L << 20, varied.machine().nestedHostPageSize());
    assertEquals("transparent_hugepage=never kmodel.content=0", varied.boot());
    assertEquals(s.machine().memoryBytes(), varied.machine().memoryBytes());
    assertEquals(s.machine().where(), varied.machine().where());
    assertEquals(s.knobs(), varied.knobs());
    assertEquals(s.steps(), varied.steps());
    assertEquals(s.slots(), varied.slots());
    assertEquals(s.name(), varied.name());
    assertEquals(s.seed(), varied.seed());
    assertEquals(s.file(), varied.file());
  }

  @Test
  void hostPagesNoneAndFourKilobytes() throws ScenarioException {
    Scenario s = scenario();
    List<Variant> variants =
        Variant.expand(Vary.parseAll(List.of("machine.nested.host_pages=4K,none")));
    assertEquals(4096, variants.get(0).applyTo(s).machine().nestedHostPageSize());
    assertEquals(0, variants.get(1).applyTo(s).machine().nestedHostPageSize());
    assertNull(variants.get(1).applyTo(s).machine().cpu());
  }

  private static Scenario scenario() throws ScenarioException {
    return Operations.parser()
        .parse(
            "t.yaml",
            """
            name: t
            seed: 7
            machine: {memory: 1G, nested: {host_pages: 4K}}
            boot: "transparent_hugepage=madvise"
            knobs:
              /sys/kernel/mm/transparent_hugepage/defrag: always
            steps:
              - spawn: p1
              - phase: fault
              - mmap: {pid: p1, as: heap, size: 4M}
            """);
  }
}
