package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.BundleSelection;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Khugepaged;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Madvise;
import org.kmodel.kernel.scenario.model.Mmap;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.model.Touch;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.value.Comparison;

/**
 * The top level of a scenario: the contract's example, defaults, bundles, slots, machine, knobs.
 */
class ScenarioParserTest {

  private static final String FILE = "scenarios/x.yaml";

  private final ScenarioParser parser = Operations.parser();

  private static Location at(String file, int line, int column) {
    return new Location(file, line, column);
  }

  private static Location at(int line, int column) {
    return at(FILE, line, column);
  }

  @Test
  void theExampleFromTheContractParsesToTheExpectedRecords() throws Exception {
    Path file = Path.of(getClass().getResource("/scenarios/khugepaged-max-ptes-none.yaml").toURI());
    String f = file.toString();

    Scenario s = parser.parse(file);

    assertEquals("khugepaged-max-ptes-none", s.name());
    assertEquals("one line", s.description());
    assertEquals(7, s.seed());
    assertEquals(BundleSelection.ofSet("default", at(f, 4, 10)), s.bundles());
    assertEquals(Map.of(), s.slots());
    assertEquals(
        new Machine(4L << 30, 1L << 30, 0.0, null, 2L << 20, null, null, null, at(f, 5, 1)),
        s.machine());
    assertEquals("transparent_hugepage=madvise", s.boot());
    assertEquals(
        List.of(
            new KnobWrite(at(f, 12, 3), "/sys/kernel/mm/transparent_hugepage/defrag", "always"),
            new KnobWrite(
                at(f, 13, 3),
                "/sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none",
                "256")),
        s.knobs());
    assertEquals(
        List.of(
            new Spawn(at(f, 15, 5), "p1"),
            new Mmap(at(f, 16, 5), "p1", "area", 2L << 20, 2L << 20, Prot.RW),
            new Madvise(at(f, 17, 5), "p1", "area", Range.WHOLE, Madvise.Advice.HUGEPAGE),
            new Touch(
                at(f, 18, 5),
                "p1",
                "area",
                new Range(0, 1L << 20),
                Touch.Access.WRITE,
                Touch.Pattern.SEQUENTIAL,
                0,
                0),
            new Khugepaged(at(f, 19, 5), 2),
            new Expect(
                at(f, 20, 5),
                List.of(
                    new Expectation(
                        at(f, 20, 14),
                        "smaps.p1.area.AnonHugePages",
                        new Comparison(Comparison.Op.EQ, 2048L)),
                    new Expectation(
                        at(f, 20, 49),
                        "vmstat.thp_collapse_alloc",
                        new Comparison(Comparison.Op.EQ, 1L))))),
        s.steps());
    assertEquals(f, s.file());
  }

  @Test
  void aMinimalScenarioTakesTheDocumentedDefaults() throws Exception {
    Scenario s = parser.parse(FILE, "name: minimal\nsteps: []\n");

    assertEquals("minimal", s.name());
    assertEquals("", s.description());
    assertEquals(0, s.seed());
    assertEquals(BundleSelection.ofSet("default", at(1, 1)), s.bundles());
    assertEquals(Map.of(), s.slots());
    assertEquals(Machine.defaults(at(1, 1)), s.machine());
    assertEquals(4L << 30, s.machine().memoryBytes());
    assertFalse(s.machine().nested());
    assertEquals("", s.boot());
    assertEquals(List.of(), s.knobs());
    assertEquals(List.of(), s.steps());
    assertEquals(FILE, s.file());
  }

  @Test
  void bundlesMayBeAListOfBundleNames() throws Exception {
    Scenario s =
        parser.parse(
            FILE,
            """
            name: t
            bundles:
              - arch-x86_64
              - allocator-buddy
            steps: []
            """);

    assertEquals(
        BundleSelection.ofBundles(List.of("arch-x86_64", "allocator-buddy"), at(3, 3)),
        s.bundles());
    assertNull(s.bundles().setName());
  }

  @Test
  void bundlesMayNameAnotherSet() throws Exception {
    Scenario s = parser.parse(FILE, "name: t\nbundles: minimal\nsteps: []\n");

    assertEquals(BundleSelection.ofSet("minimal", at(2, 10)), s.bundles());
  }

  @Test
  void slotsMapSlotIdsToImplementationsInFileOrder() throws Exception {
    Scenario s =
        parser.parse(
            FILE,
            """
            name: t
            slots:
              thp-policy: thp-never
              allocator: allocator-buddy
              arch: arch-generic
              filesystem: fs-btrfs
              relocation: reloc-4.7
            steps: []
            """);

    assertEquals(
        List.of("thp-policy", "allocator", "arch", "filesystem", "relocation"),
        List.copyOf(s.slots().keySet()));
    assertEquals("thp-never", s.slots().get("thp-policy"));
    assertEquals("reloc-4.7", s.slots().get("relocation"));
  }

  @Test
  void machineTakesSizesFragmentationAndNesting() throws Exception {
    Scenario s =
        parser.parse(
            FILE,
            """
            name: t
            machine:
              memory: 512M
              swap: 64KiB
              fragmentation: 0.25
              nested: {host_pages: 4K}
            steps: []
            """);

    assertEquals(
        new Machine(512L << 20, 64L << 10, 0.25, null, 4096, null, null, null, at(2, 1)),
        s.machine());
    assertTrue(s.machine().nested());
  }

  @Test
  void fragmentationMayBeABuddyinfoFileBesideTheScenario() throws Exception {
    String text = "name: t\nmachine: {fragmentation: {buddyinfo: %s}}\nsteps: []\n";

    Machine relative = parser.parse(FILE, text.formatted("data/buddyinfo")).machine();
    Machine absolute = parser.parse(FILE, text.formatted("/proc/buddyinfo")).machine();
    Machine bare = parser.parse("x.yaml", text.formatted("buddyinfo")).machine();

    assertEquals(Path.of("scenarios/data/buddyinfo").toString(), relative.buddyinfoPath());
    assertEquals(0.0, relative.fragmentation());
    assertEquals("/proc/buddyinfo", absolute.buddyinfoPath());
    assertEquals("buddyinfo", bare.buddyinfoPath());
  }

  @Test
  void fragmentationAcceptsTheWholeRange() throws Exception {
    String text = "name: t\nmachine: {fragmentation: %s}\nsteps: []\n";

    assertEquals(0.0, parser.parse(FILE, text.formatted("0")).machine().fragmentation());
    assertEquals(1.0, parser.parse(FILE, text.formatted("1")).machine().fragmentation());
    assertEquals(0.5, parser.parse(FILE, text.formatted(".5")).machine().fragmentation());
  }

  @Test
  void knobsKeepTheirOrderAndTheirValuesAsWritten() throws Exception {
    Scenario s =
        parser.parse(
            FILE,
            """
            name: t
            knobs:
              /sys/kernel/mm/transparent_hugepage/enabled: "never"
              /sys/kernel/mm/transparent_hugepage/khugepaged/pages_to_scan: 0x10
              /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none: 0511
              /sys/kernel/mm/transparent_hugepage/use_zero_page: yes
              /sys/kernel/mm/transparent_hugepage/shmem_enabled: ""
            steps: []
            """);

    assertEquals(
        List.of("never", "0x10", "0511", "yes", ""),
        s.knobs().stream().map(KnobWrite::value).toList());
    assertEquals(at(3, 3), s.knobs().get(0).where());
  }

  @Test
  void emptyOptionalSectionsMeanTheirDefaults() throws Exception {
    Scenario s =
        parser.parse(FILE, "name: t\ndescription:\nboot:\nslots:\nknobs:\nmachine:\nsteps: []\n");

    assertEquals("", s.description());
    assertEquals("", s.boot());
    assertEquals(Map.of(), s.slots());
    assertEquals(List.of(), s.knobs());
    assertEquals(4L << 30, s.machine().memoryBytes());
  }

  @Test
  void aNegativeOrHexadecimalSeedIsAccepted() throws Exception {
    assertEquals(-3, parser.parse(FILE, "name: t\nseed: -3\nsteps: []\n").seed());
    assertEquals(255, parser.parse(FILE, "name: t\nseed: 0xff\nsteps: []\n").seed());
  }

  @Test
  void aScenarioCannotBeChangedOnceParsed() throws Exception {
    Scenario s = parser.parse(FILE, "name: t\nsteps: [spawn: p1]\n");

    assertThrows(UnsupportedOperationException.class, () -> s.steps().clear());
    assertThrows(UnsupportedOperationException.class, () -> s.slots().put("arch", "x"));
  }

  @Test
  void sizesAreReadAsWrittenAndWhereWhatTheBasePageIsIsLeftToTheRun() throws Exception {
    String text =
        """
        name: t
        machine: {memory: 6000, swap: 6K, nested: {host_pages: 64K}}
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 6K, align: 2K}
        """;

    Scenario s = parser.parse(FILE, text);

    assertEquals(
        new Machine(6000, 6 << 10, 0.0, null, 64 << 10, null, null, null, at(2, 1)), s.machine());
    assertEquals(new Mmap(at(5, 5), "p1", "a", 6 << 10, 2 << 10, Prot.RW), s.steps().get(1));
    assertEquals(at(2, 19), s.sites().of(s.machine().where(), "memory"));
    assertEquals(at(5, 34), s.sites().of(at(5, 5), "size"));
    assertEquals(at(5, 45), s.sites().of(at(5, 5), "align"));
    assertEquals(at(5, 5), s.sites().of(at(5, 5), "prot"), "an argument left out: its step");
  }
}
