package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.op.Operations;

/**
 * Every class of problem is reported at its file:line:column with a message that says what is wrong
 * and what would be right; all problems of a file are reported at once, in file order.
 */
class ScenarioProblemsTest {

  private static final String FILE = "scenarios/x.yaml";

  /** The ops a message lists, cut to fit a line: 32 in all. */
  private static final String OPS =
      "spawn, mmap, munmap, mprotect, mremap, madvise, touch, trace, ... (24 more)";

  private static final String PREFIXES =
      "vmstat, meminfo, smaps, knob, huge, fs, bg, data, pin, phase";
  private static final String BG_FIELDS =
      "used, reserved, ro, reservations, nocow_writers, length, start, type, removed";

  /** A filesystem on line 3 and a file f on line 4. */
  private static final String FS_F = "  - mkfs: {device: 8G}\n  - create: f\n";

  private static final String TOP_LEVEL_KEYS =
      "name, description, seed, bundles, slots, machine, boot, knobs, steps, always";

  private static List<String> problems(String text) {
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(FILE, text));
    return e.problems().stream().map(Problem::toString).toList();
  }

  /** Lines 1 and 2 are {@code name} and {@code steps}: the first step is on line 3. */
  private static List<String> stepProblems(String steps) {
    return problems("name: t\nsteps:\n" + steps);
  }

  private static String x(int line, int column, String message) {
    return FILE + ":" + line + ":" + column + ": " + message;
  }

  @Test
  void anUnknownOpIsNamedWithTheKnownOnesAndTheLikelyOne() {
    assertEquals(
        List.of(x(4, 5, "unknown op 'tuch' (known: " + OPS + "; did you mean 'touch'?)")),
        stepProblems("  - spawn: p1\n  - tuch: {pid: p1}\n"));
  }

  @Test
  void aBadSizeIsReportedAtTheValue() {
    assertEquals(
        List.of(x(4, 34, "bad size '2Q': expected bytes or a number with K, M, G or T")),
        stepProblems("  - spawn: p1\n  - mmap: {pid: p1, as: a, size: 2Q}\n"));
  }

  @Test
  void anUnknownArgumentIsNamedWithTheKnownOnes() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 2M}
          - touch: {pid: p1, region: a, lenght: 1M, access: write}
        """;

    assertEquals(
        List.of(
            x(
                5,
                33,
                "unknown argument 'lenght' for touch (known: pid, region, offset, length, access,"
                    + " pattern, stride, count; did you mean 'length'?)")),
        stepProblems(text));
  }

  @Test
  void aMissingArgumentIsReportedAtTheOp() {
    assertEquals(
        List.of(x(3, 5, "missing argument 'pid' for mmap")),
        stepProblems("  - mmap: {as: a, size: 2M}\n"));
    assertEquals(
        List.of(x(3, 5, "missing argument 'full_scans' for khugepaged")),
        stepProblems("  - khugepaged:\n"));
    assertEquals(
        List.of(x(3, 5, "missing argument 'name' for phase")), stepProblems("  - phase:\n"));
  }

  @Test
  void aValueOfTheWrongTypeSaysWhatWasExpected() {
    String text =
        """
          - mmap: p1
          - spawn: [p1]
          - khugepaged: 2
          - phase: {name: [a]}
          - 42
          - []
          - {}
          - ? [a]
            : 1
        """;

    assertEquals(
        List.of(
            x(3, 11, "expected {pid, as, size, align?, prot?} for mmap, not 'p1'"),
            x(4, 12, "expected a value or {pid} for spawn, not a list"),
            x(5, 17, "expected {full_scans} for khugepaged, not '2'"),
            x(6, 19, "'name' for phase must be a single value, not a list"),
            x(7, 5, "expected a step such as '- spawn: p1', not '42'"),
            x(8, 5, "expected a step such as '- spawn: p1', not an empty list"),
            x(9, 5, "expected a step such as '- spawn: p1', not an empty mapping"),
            x(10, 7, "expected an op such as 'spawn', not a list")),
        stepProblems(text));
  }

  @Test
  void topLevelValuesOfTheWrongTypeSayWhatWasExpected() {
    String text =
        """
        name: t
        machine: big
        bundles: []
        slots: {thp: a, arch: [x]}
        knobs: {/a: [1], b: 2, /c:}
        seed: 1.5
        boot: [a]
        steps: {}
        """;

    assertEquals(
        List.of(
            x(
                2,
                10,
                "expected {memory?, swap?, fragmentation?, nested?, cpu?, cost?, kernel?} in machine, not 'big'"),
            x(
                3,
                10,
                "expected a bundle-set name (e.g. default) or a list of bundle names for bundles,"
                    + " not an empty list"),
            x(
                4,
                9,
                "unknown slot 'thp' in slots (known: arch, allocator, thp-policy, filesystem,"
                    + " relocation)"),
            x(4, 23, "'arch' in slots must be a single value, not a list"),
            x(5, 13, "'/a' in knobs must be a single value, not a list"),
            x(5, 18, "bad knob path 'b' in knobs: a knob path starts with '/'"),
            x(5, 27, "'/c' in knobs has no value"),
            x(6, 7, "bad seed '1.5': expected a whole number"),
            x(7, 7, "'boot' must be a single value, not a list"),
            x(
                8,
                8,
                "expected a list of steps such as '- spawn: p1' (or [] for none), not an empty"
                    + " mapping")),
        problems(text));
  }

  @Test
  void aRootThatIsNotAMappingIsReported() {
    assertEquals(
        List.of(
            x(
                1,
                1,
                "expected {name, description?, seed?, bundles?, slots?, machine?, boot?, knobs?,"
                    + " steps, always?}, not a list")),
        problems("- a\n"));
  }

  @Test
  void anEmptyFileIsReported() {
    assertEquals(
        List.of(x(1, 1, "empty scenario: expected at least name and steps")), problems(""));
    assertEquals(
        List.of(x(1, 1, "empty scenario: expected at least name and steps")),
        problems("# only a comment\n"));
  }

  @Test
  void anUndefinedPidIsReportedWhereItIsUsed() {
    assertEquals(
        List.of(x(3, 17, "pid 'p2' is not defined by an earlier spawn or fork")),
        stepProblems("  - mmap: {pid: p2, as: area, size: 2M}\n"));
  }

  @Test
  void aPidIsNotLiveAfterItExits() {
    String text =
        """
          - spawn: p1
          - exit: p1
          - exit: p1
          - spawn: {pid: p1}
          - spawn: p1
        """;

    assertEquals(
        List.of(
            x(5, 11, "pid 'p1' is not live: it exited on line 4"),
            x(
                7,
                12,
                "pid 'p1' is already live (defined on line 6); exit it first or pick another"
                    + " name")),
        stepProblems(text));
  }

  @Test
  void aForkChildMustBeNewAndItsParentLive() {
    String text =
        """
          - spawn: p1
          - fork: {pid: p1, child: p1}
          - fork: {pid: p9, child: c}
          - touch: {pid: c, region: anything, access: read}
        """;

    assertEquals(
        List.of(
            x(
                4,
                28,
                "pid 'p1' is already live (defined on line 3); exit it first or pick another"
                    + " name"),
            x(5, 17, "pid 'p9' is not defined by an earlier spawn or fork")),
        stepProblems(text));
  }

  @Test
  void anUndefinedOrRedefinedRegionIsReported() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: area, size: 2M}
          - mmap: {pid: p1, as: area, size: 2M}
          - touch: {pid: p1, region: arae, access: read}
          - mremap: {pid: p1, region: area, offset: 1M, as: area}
        """;

    assertEquals(
        List.of(
            x(5, 25, "region 'area' of p1 is already defined (on line 4); pick another name"),
            x(6, 30, "region 'arae' is not defined by an earlier mmap/mremap of p1"),
            x(7, 53, "region 'area' of p1 is already defined (on line 4); pick another name")),
        stepProblems(text));
  }

  @Test
  void regionsBelongToTheirProcess() {
    String text =
        """
          - spawn: p1
          - spawn: p2
          - mmap: {pid: p1, as: area, size: 2M}
          - fork: {pid: p1, child: c1}
          - mmap: {pid: p1, as: later, size: 2M}
          - touch: {pid: p2, region: area, access: read}
          - touch: {pid: c1, region: later, access: read}
        """;

    assertEquals(
        List.of(
            x(8, 30, "region 'area' is not defined by an earlier mmap/mremap of p2"),
            x(9, 30, "region 'later' is not defined by an earlier mmap/mremap of c1")),
        stepProblems(text));
  }

  @Test
  void oneMistakeIsReportedOnceNotAgainAtEveryLaterUse() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 2Q}
          - touch: {pid: p1, region: a, access: read}
          - mremap: {pid: p1, region: a, offset: 3Q, as: b}
          - touch: {pid: p1, region: b, access: read}
          - fork: {pid: nobody, child: c}
          - touch: {pid: c, region: whatever, access: read}
          - spawn: p.2
          - touch: {pid: p.2, region: a, access: read}
        """;

    assertEquals(
        List.of(
            x(4, 34, "bad size '2Q': expected bytes or a number with K, M, G or T"),
            x(6, 42, "bad size '3Q': expected bytes or a number with K, M, G or T"),
            x(8, 17, "pid 'nobody' is not defined by an earlier spawn or fork"),
            x(10, 12, "bad name 'p.2' in 'pid' for spawn: use letters, digits, '_' and '-'"),
            x(11, 18, "bad name 'p.2' in 'pid' for touch: use letters, digits, '_' and '-'")),
        stepProblems(text));
  }

  @Test
  void metricsNameLiveProcessesAndRegions() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: area, size: 2M}
          - exit: p1
          - spawn: p3
          - expect: {smaps.p1.area.Rss: 1, huge.p3.nothing: true}
        """;

    assertEquals(
        List.of(
            x(7, 14, "pid 'p1' is not live: it exited on line 5"),
            x(7, 36, "region 'nothing' is not defined by an earlier mmap/mremap of p3")),
        stepProblems(text));
  }

  @Test
  void aValuePerImplementationNeedsWellFormedNamesAndValues() {
    String text =
        """
          - expect:
              vmstat.pgfault: {thp.linux: 1, thp-ingens: "<< 5", other: [1]}
              vmstat.thp_fault_alloc: {}
        """;

    assertEquals(
        List.of(
            x(
                4,
                24,
                "bad implementation name 'thp.linux' in expect of vmstat.pgfault: use letters,"
                    + " digits, '_' and '-'"),
            x(
                4,
                50,
                "bad comparison '<< 5': expected an operator (==, !=, <, <=, >, >=) and a number,"
                    + " e.g. '>= 5'"),
            x(4, 65, "'vmstat.pgfault for other' in expect must be a single value, not a list"),
            x(
                5,
                31,
                "vmstat.thp_fault_alloc needs a value for at least one implementation, e.g."
                    + " {thp-linux: 0}")),
        stepProblems(text));
  }

  @Test
  void aMetricMustHaveAKnownPrefixAndShape() {
    String text =
        """
          - expect:
              vmstats.x: 1
              vmstat.a.b: 1
              meminfo.: 2
              smaps.p3.x: 1
              huge.p1: true
              knob.sys: 1
              nothing: 0
        """;

    assertEquals(
        List.of(
            x(
                4,
                7,
                "unknown metric 'vmstats.x' (known prefixes: "
                    + PREFIXES
                    + "; did you mean 'vmstat'?)"),
            x(
                5,
                7,
                "bad metric 'vmstat.a.b': expected vmstat.<counter>, e.g. vmstat.thp_fault_alloc"),
            x(6, 7, "bad metric 'meminfo.': expected meminfo.<Field>, e.g. meminfo.AnonHugePages"),
            x(
                7,
                7,
                "bad metric 'smaps.p3.x': expected smaps.<pid>.<region>.<Field>, e.g."
                    + " smaps.p1.area.AnonHugePages"),
            x(8, 7, "bad metric 'huge.p1': expected huge.<pid>.<region>, e.g. huge.p1.area"),
            x(
                9,
                7,
                "bad metric 'knob.sys': expected knob.<path>, e.g."
                    + " knob./sys/kernel/mm/transparent_hugepage/enabled"),
            x(10, 7, "unknown metric 'nothing' (known prefixes: " + PREFIXES + ")")),
        stepProblems(text));
  }

  @Test
  void aBadExpectedValueIsReportedAtTheValue() {
    String text =
        """
          - expect:
              vmstat.a: ">= five"
              vmstat.b: "=5"
              vmstat.c: "<"
              vmstat.d: .inf
              vmstat.e: ~
              vmstat.f: [1]
          - expect: {}
        """;
    String expected = ": expected an operator (==, !=, <, <=, >, >=) and a number, e.g. '>= 5'";

    assertEquals(
        List.of(
            x(4, 17, "bad comparison '>= five'" + expected),
            x(5, 17, "bad comparison '=5'" + expected),
            x(6, 17, "bad comparison '<'" + expected),
            x(7, 17, "bad number '.inf' for vmstat.d: write it in decimal, e.g. 1.5"),
            x(8, 17, "'vmstat.e' in expect has no value"),
            x(9, 17, "'vmstat.f' in expect must be a single value, not a list"),
            x(10, 13, "expect needs at least one metric")),
        stepProblems(text));
  }

  @Test
  void mmapSizesAndAlignmentsAreChecked() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 6Q, align: 12K, prot: rx}
          - mmap: {pid: p1, as: b, size: 0}
          - mmap: {pid: p1, as: c.d, size: 2M, align: 0}
        """;

    assertEquals(
        List.of(
            x(4, 34, "bad size '6Q': expected bytes or a number with K, M, G or T"),
            x(4, 45, "'align' for mmap must be a power of two, not 12K"),
            x(4, 56, "unknown prot 'rx' for mmap (known: rw, r, none; did you mean 'rw'?)"),
            x(5, 34, "'size' for mmap must be positive, not 0"),
            x(6, 25, "bad name 'c.d' in 'as' for mmap: use letters, digits, '_' and '-'"),
            x(6, 47, "'align' for mmap must be a power of two, not 0")),
        stepProblems(text));
  }

  @Test
  void rangesMustBeInsideTheRegionAndNotEmpty() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: e, size: 2M}
          - touch: {pid: p1, region: e, offset: 3x, length: 0, access: rw}
          - touch: {pid: p1, region: e, offset: 4M, access: read}
          - touch: {pid: p1, region: e, offset: 1M, length: 2M, access: read}
          - mremap: {pid: p1, region: e, offset: 1M, as: f}
          - munmap: {pid: p1, region: f, length: 2M}
        """;

    assertEquals(
        List.of(
            x(5, 41, "bad size '3x': expected bytes or a number with K, M, G or T"),
            x(5, 53, "'length' for touch must be positive, not 0"),
            x(5, 64, "unknown access 'rw' for touch (known: read, write)"),
            x(6, 41, "offset 4M is past the end of region 'e' (2M)"),
            x(7, 53, "offset 1M + length 2M runs past the end of region 'e' (2M)"),
            x(9, 42, "offset 0 + length 2M runs past the end of region 'f' (1M)")),
        stepProblems(text));
  }

  @Test
  void fillPatternCountAndFractionAreChecked() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: e, size: 2M}
          - fill: {pid: p1, region: e, value: 0, count: 10}
          - fill: {pid: p1, region: e, value: 0, pattern: random, count: 0}
          - fill: {pid: p1, region: e, value: 0, pattern: random, fraction: 120%}
          - fill: {pid: p1, region: e, value: 0, pattern: random, fraction: 80}
          - fill: {pid: p1, region: e, value: 0, pattern: random, count: 1, fraction: 5%}
          - fill: {pid: p1, region: e, value: 0, pattern: shuffled}
        """;

    assertEquals(
        List.of(
            x(5, 49, "'count' for fill is only used with pattern: random"),
            x(6, 66, "'count' for fill must be at least 1, not 0"),
            x(7, 69, "'fraction' for fill is a percentage from 0% to 100% (e.g. 80%), not 120%"),
            x(8, 69, "'fraction' for fill is a percentage from 0% to 100% (e.g. 80%), not 80"),
            x(9, 79, "give 'count' or 'fraction' for fill, not both"),
            x(10, 51, "unknown pattern 'shuffled' for fill (known: sequential, random)")),
        stepProblems(text));
  }

  @Test
  void touchStrideAndCountAreChecked() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: e, size: 2M}
          - touch: {pid: p1, region: e, access: read, pattern: stride}
          - touch: {pid: p1, region: e, access: read, stride: 8K}
          - touch: {pid: p1, region: e, access: read, pattern: stride, stride: 0, count: 0}
          - touch: {pid: p1, region: e, access: read, pattern: zigzag}
        """;

    assertEquals(
        List.of(
            x(5, 5, "missing argument 'stride' for touch: pattern stride needs it"),
            x(6, 55, "'stride' for touch is only used with pattern: stride"),
            x(7, 72, "'stride' for touch must be positive, not 0"),
            x(
                7,
                82,
                "'count' for touch must be at least 1 (leave it out to touch every page once)"),
            x(8, 56, "unknown pattern 'zigzag' for touch (known: sequential, stride, random)")),
        stepProblems(text));
  }

  @Test
  void otherArgumentValuesAreChecked() {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: e, size: 2M}
          - fill: {pid: p1, region: e, value: x}
          - check: {pid: p1, region: e}
          - madvise: {pid: p1, region: e, advice: hugepages}
          - sleep: 30
          - sleep: 3x
          - khugepaged: {full_scans: 0}
          - set: {sys/x: 1}
          - set: {}
          - swap: {slot: thp, to: x}
          - swap: {slot: arch, to: y, wait: soon}
        """;

    assertEquals(
        List.of(
            x(5, 39, "bad value 'x' for fill: expected a whole number"),
            x(6, 5, "missing argument 'value' for check"),
            x(
                7,
                43,
                "unknown advice 'hugepages' for madvise (known: hugepage, nohugepage, dontneed,"
                    + " pageout, collapse, dontfork, dofork, populate_read, populate_write; did you mean 'hugepage'?)"),
            x(8, 12, "ambiguous duration '30': add a unit (ns, us, ms, s, m or h)"),
            x(9, 12, "bad duration '3x': expected a number with ns, us, ms, s, m or h"),
            x(10, 30, "'full_scans' for khugepaged must be from 1 to 2147483647, not 0"),
            x(11, 11, "bad knob path 'sys/x' for set: a knob path starts with '/'"),
            x(12, 10, "set needs at least one knob"),
            x(
                13,
                18,
                "unknown slot 'thp' for swap (known: arch, allocator, thp-policy, filesystem,"
                    + " relocation)"),
            x(14, 37, "bad duration 'soon': expected a number with ns, us, ms, s, m or h")),
        stepProblems(text));
  }

  @Test
  void machineValuesAreChecked() {
    String text =
        """
        name: t
        machine:
          memory: 1x
          swap: -6K
          fragmentation: 1.5
          nested: {host_pages: 3M}
          cpus: 4
          cost: quick
          kernel: 3.x
        steps: []
        """;

    assertEquals(
        List.of(
            x(3, 11, "bad size '1x': expected bytes or a number with K, M, G or T"),
            x(4, 9, "bad size '-6K': expected bytes or a number with K, M, G or T"),
            x(5, 18, "bad fragmentation '1.5': expected a number from 0 to 1 or {buddyinfo: path}"),
            x(6, 24, "'host_pages' in nested must be a power of two, e.g. 4K or 2M, not 3M"),
            x(
                7,
                3,
                "unknown key 'cpus' in machine (known: memory, swap, fragmentation, nested, cpu, cost, kernel; did you mean 'cpu'?)"),
            x(8, 9, "bad cost 'quick': expected exact, fast or off"),
            x(
                9,
                11,
                "bad kernel '3.x': expected 2.6.38 | 4.7 | 5.8 | 6.1 | 6.12 | 6.13+ or any release"
                    + " from 2.6.38 up, e.g. 6.6")),
        problems(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.6.37", "2.4.0", "2.6", "3.20", "4.21", "5.20", "6", "6.x", "06.1", ""})
  void aKernelBeforeTwoSixThirtyEightOrNoReleaseAtAllIsBadInput(String release) {
    String text = "name: t\nmachine: {kernel: '" + release + "'}\nsteps: []\n";
    List<String> problems = problems(text);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith(x(2, 19, "bad kernel '" + release + "'")), problems.get(0));
  }

  @Test
  void machineSubsectionsAreChecked() {
    String text =
        """
        name: t
        machine: {memory: 0, fragmentation: {buddyinfo: x, y: 1}, nested: {}}
        steps: []
        """;

    assertEquals(
        List.of(
            x(2, 19, "'memory' in machine must be positive, not 0"),
            x(2, 52, "unknown key 'y' in fragmentation (known: buddyinfo)"),
            x(2, 67, "missing key 'host_pages' in nested")),
        problems(text));
  }

  @Test
  void bundleListsAreChecked() {
    assertEquals(
        List.of(
            x(2, 14, "bundle 'a' is listed twice"),
            x(2, 17, "'bundle' in bundles must be a single value, not a list")),
        problems("name: t\nbundles: [a, a, [b]]\nsteps: []\n"));
  }

  @Test
  void anUnknownTopLevelKeyIsNamedWithTheKnownOnes() {
    assertEquals(
        List.of(
            x(1, 1, "missing top-level key 'steps'"),
            x(
                2,
                1,
                "unknown top-level key 'stpes' (known: "
                    + TOP_LEVEL_KEYS
                    + "; did you mean 'steps'?)")),
        problems("name: t\nstpes: []\n"));
  }

  @Test
  void requiredTopLevelKeysAreReportedAtTheStartOfTheDocument() {
    assertEquals(
        List.of(x(2, 1, "missing top-level key 'name'"), x(2, 1, "missing top-level key 'steps'")),
        problems("# a comment\ndescription: x\n"));
  }

  @Test
  void aNameMustNotBeEmpty() {
    assertEquals(List.of(x(1, 7, "'name' must not be empty")), problems("name: ''\nsteps: []\n"));
  }

  @Test
  void aDuplicateKeyIsReportedWithTheFirstOne() {
    assertEquals(
        List.of(x(2, 1, "duplicate key 'name' (first on line 1)")),
        problems("name: t\nname: u\nsteps: []\n"));
    assertEquals(
        List.of(x(4, 21, "duplicate key 'pid' (first on line 4)")),
        stepProblems("  - spawn: p1\n  - mmap: {pid: p1, pid: p1, as: a, size: 4K}\n"));
  }

  @Test
  void aYamlSyntaxErrorIsReportedWhereTheParserFoundIt() {
    assertEquals(
        List.of(
            x(
                4,
                4,
                "YAML syntax error: expected <block end>, but found '<block sequence start>'"
                    + " (while parsing a block collection on line 3)")),
        stepProblems("  - spawn: p1\n   - spawn: p2\n"));
    assertEquals(
        List.of(
            x(
                2,
                9,
                "YAML syntax error: expected the node content, but found '<stream end>' (while"
                    + " parsing a flow node on line 2)")),
        problems("name: t\nsteps: ["));
  }

  @Test
  void tabsAndSecondDocumentsAreSyntaxErrors() {
    assertEquals(
        List.of(
            x(
                3,
                1,
                "YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not"
                    + " use \\t(TAB) for indentation) (while scanning for the next token)")),
        problems("name: t\nsteps:\n\t- spawn: p1\n"));
    assertEquals(
        List.of(
            x(
                2,
                1,
                "YAML syntax error: but found another document (expected a single document in"
                    + " the stream on line 1)")),
        problems("name: t\n---\nname: u\n"));
  }

  @Test
  void aControlCharacterIsReportedAtItsPosition() {
    assertEquals(
        List.of(x(2, 17, "YAML error: special characters are not allowed (character U+0001)")),
        problems("name: t\nsteps: [spawn: p\u0001]\n"));
  }

  @Test
  void aFileThatCannotBeReadIsAProblemOfThatFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff});

    ScenarioException notThere =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(missing));
    ScenarioException notText =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(binary));

    assertEquals(missing + ":1:1: cannot read the scenario: no such file", notThere.getMessage());
    assertEquals(binary + ":1:1: cannot read the scenario: not UTF-8 text", notText.getMessage());
  }

  @Test
  void anAliasBombIsRefused() {
    String text =
        """
        a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        """;

    List<String> problems = problems(text);

    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith(x(1, 1, "YAML error: ")), problems.get(0));
  }

  @Test
  void aRecursiveAliasIsRefused() {
    assertEquals(
        List.of(
            x(2, 1, "unknown top-level key 'x' (known: " + TOP_LEVEL_KEYS + ")"),
            x(2, 4, "recursive alias: a node cannot contain itself")),
        problems("name: t\nx: &x [*x]\nsteps: []\n"));
  }

  @Test
  void aFewAliasesAreFine() throws Exception {
    String text =
        """
        name: t
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: &size 2M}
          - mmap: {pid: p1, as: b, size: *size}
        """;

    assertEquals(3, Operations.parser().parse(FILE, text).steps().size());
  }

  @Test
  void argumentsIndentedBesideTheirOpAreReportedOnceAndStillRead() {
    String text =
        """
          - spawn: p1
          - mmap:
            pid: p1
            as: a
            size: 2M
          - touch: {pid: p1, region: a, access: read}
          - spawn: p2
            foo: 1
        """;

    assertEquals(
        List.of(
            x(
                5,
                5,
                "the arguments of 'mmap' must be indented under it (or written as {...} after it),"
                    + " not beside it"),
            x(
                10,
                5,
                "a step has one op, but 'foo' stands beside 'spawn'; start a new step with '- '")),
        stepProblems(text));
  }

  @Test
  void everyProblemIsReportedInFileOrderOnePerLineOfTheMessage() {
    String text =
        """
        name: t
        seed: x
        machine: {memory: 2Q}
        stpes: []
        steps:
          - spawn: p1
          - tuch: {pid: p1}
          - mmap: {pid: p1, as: a, size: 2M, lenght: 1M}
          - touch: {pid: p2, region: a, access: write}
        """;

    ScenarioException e =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(FILE, text));

    List<String> expected =
        List.of(
            x(2, 7, "bad seed 'x': expected a whole number"),
            x(3, 19, "bad size '2Q': expected bytes or a number with K, M, G or T"),
            x(
                4,
                1,
                "unknown top-level key 'stpes' (known: "
                    + TOP_LEVEL_KEYS
                    + "; did you mean 'steps'?)"),
            x(7, 5, "unknown op 'tuch' (known: " + OPS + "; did you mean 'touch'?)"),
            x(8, 38, "unknown argument 'lenght' for mmap (known: pid, as, size, align, prot)"),
            x(9, 18, "pid 'p2' is not defined by an earlier spawn or fork"));
    assertEquals(expected, e.problems().stream().map(Problem::toString).toList());
    assertEquals(String.join("\n", expected), e.getMessage());
    assertEquals(new Location(FILE, 2, 7), e.problems().get(0).where());
  }

  @Test
  void aFilesystemStepBeforeMkfsIsReportedOnce() {
    String text =
        """
          - create: f
          - write: {file: f, length: 4K, value: 1}
          - commit: {}
          - mkfs: {device: 8G}
          - fsync: f
        """;

    assertEquals(
        List.of(x(3, 5, "create needs a filesystem made by an earlier mkfs")), stepProblems(text));
    assertEquals(
        List.of(x(4, 5, "balance needs a filesystem made by an earlier mkfs")),
        stepProblems("  - spawn: p1\n  - balance: {}\n  - cancel-balance: {}\n"));
  }

  @Test
  void aScenarioMakesOneFilesystem() {
    String text =
        """
          - mkfs: {device: 8G}
          - create: f
          - mkfs: {device: 4G}
        """;

    assertEquals(
        List.of(x(5, 5, "a scenario makes one filesystem, and mkfs on line 3 made it already")),
        stepProblems(text));
  }

  @Test
  void mkfsSizesAreChecked() {
    String text =
        """
          - mkfs: {data_chunk: 1G}
        """;
    String sizes =
        """
          - mkfs: {device: 0, data_chunk: 0, metadata_chunk: 1x}
        """;
    String fit =
        """
          - mkfs: {device: 512M, metadata_chunk: 1G}
        """;
    String defaults =
        """
          - mkfs: {device: 128M}
        """;

    assertEquals(List.of(x(3, 5, "missing argument 'device' for mkfs")), stepProblems(text));
    assertEquals(
        List.of(
            x(3, 20, "'device' for mkfs must be positive, not 0"),
            x(3, 35, "'data_chunk' for mkfs must be positive, not 0"),
            x(3, 54, "bad size '1x': expected bytes or a number with K, M, G or T")),
        stepProblems(sizes));
    assertEquals(
        List.of(
            x(
                3,
                20,
                "'device' for mkfs (512M) is smaller than the default data_chunk (1G); give a"
                    + " smaller data_chunk"),
            x(3, 42, "'metadata_chunk' for mkfs must be at most the device's size (512M), not 1G")),
        stepProblems(fit));
    assertEquals(
        List.of(
            x(
                3,
                20,
                "'device' for mkfs (128M) is smaller than the default data_chunk (1G); give a"
                    + " smaller data_chunk"),
            x(
                3,
                20,
                "'device' for mkfs (128M) is smaller than the default metadata_chunk (256M); give"
                    + " a smaller metadata_chunk")),
        stepProblems(defaults));
  }

  @Test
  void aFileMustBeCreatedBeforeUseAndOnlyOnce() {
    String text =
        FS_F
            + """
              - write: {file: g, length: 4K, value: 1}
              - fsync: fo
              - create: {file: f, nodatacow: true}
              - read: {file: h.x, length: 4K}
              - expect: {data.nothing.0: 1, data.f.4K: 1}
            """;

    assertEquals(
        List.of(
            x(5, 19, "file 'g' is not created by an earlier create (did you mean 'f'?)"),
            x(6, 12, "file 'fo' is not created by an earlier create (did you mean 'f'?)"),
            x(7, 20, "file 'f' is already created (on line 4); pick another name"),
            x(8, 18, "bad name 'h.x' in 'file' for read: use letters, digits, '_' and '-'"),
            x(9, 14, "file 'nothing' is not created by an earlier create")),
        stepProblems(text));
  }

  @Test
  void filesystemArgumentValuesAreChecked() {
    String text =
        FS_F
            + """
              - write: {file: f, offset: 3x, length: 0, value: x, direct: yes}
              - write: {file: f, value: 1}
              - read: {file: f, offset: 4K, length: 0, whence: 0}
              - fallocate: {file: f, length: 2Q}
              - create: {file: g, nodatacow: 1}
              - relocate: {group: -1}
              - relocate: 1
              - balance: {type: metdata, usage: 150, limit: 0}
              - commit: now
              - cancel-balance: {force: true}
            """;

    assertEquals(
        List.of(
            x(5, 30, "bad size '3x': expected bytes or a number with K, M, G or T"),
            x(5, 42, "'length' for write must be positive, not 0"),
            x(5, 52, "bad value 'x' for write: expected a whole number"),
            x(5, 63, "bad direct 'yes' for write: expected true or false"),
            x(6, 5, "missing argument 'length' for write"),
            x(7, 41, "'length' for read must be positive, not 0"),
            x(7, 44, "unknown argument 'whence' for read (known: file, offset, length)"),
            x(8, 34, "bad size '2Q': expected bytes or a number with K, M, G or T"),
            x(9, 34, "bad nodatacow '1' for create: expected true or false"),
            x(10, 23, "'group' for relocate must be from 0 to 2147483647, not -1"),
            x(11, 15, "expected {group} for relocate, not '1'"),
            x(
                12,
                21,
                "unknown type 'metdata' for balance (known: data, metadata, system; did you mean"
                    + " 'metadata'?)"),
            x(12, 37, "'usage' for balance must be from 0 to 100 (percent), not 150"),
            x(12, 49, "'limit' for balance must be from 1 to 2147483647, not 0"),
            x(13, 13, "commit takes no arguments: write {} or nothing, not 'now'"),
            x(14, 21, "cancel-balance takes no arguments: write {} or nothing, not a mapping")),
        stepProblems(text));
  }

  @Test
  void tasksAreAMappingOfAtLeastTwoNamedListsOfSteps() {
    String text =
        """
          - tasks: [a, b]
          - tasks: {only: [sleep: 1s]}
          - tasks: {a.b: [sleep: 1s], c: sleep}
          - tasks: {a: [], a: []}
          - tasks:
        """;

    assertEquals(
        List.of(
            x(
                3,
                12,
                "expected a mapping of task names to lists of steps, e.g. {writer: [...], mover:"
                    + " [...]}, not a list"),
            x(
                4,
                12,
                "tasks needs at least two tasks, not 1 (the steps of one task can stand in the"
                    + " steps list)"),
            x(5, 13, "bad task name 'a.b' in tasks: use letters, digits, '_' and '-'"),
            x(
                5,
                34,
                "expected a list of steps such as '- spawn: p1' (or [] for none), not 'sleep'"),
            x(6, 20, "duplicate key 'a' (first on line 6)"),
            x(
                7,
                11,
                "expected a mapping of task names to lists of steps, e.g. {writer: [...], mover:"
                    + " [...]}, not nothing")),
        stepProblems(text));
  }

  @Test
  void tasksDoNotNest() {
    String text =
        """
          - tasks:
              outer:
                - tasks: {x: [spawn: p1], y: [spawn: p2]}
              other: [sleep: 1s]
          - exit: p1
        """;

    assertEquals(
        List.of(
            x(
                5,
                11,
                "tasks cannot be nested: the steps of a task run in order; make every concurrent"
                    + " list a task of the outer tasks")),
        stepProblems(text));
  }

  @Test
  void theStepsOfATaskAreCheckedWithTheSameRules() {
    String text =
        FS_F
            + """
              - tasks:
                  a:
                    - tuch: {pid: p1}
                    - write: {file: f, length: 0, value: 1}
                  b: [expect: {bg.0.usd: 1}]
            """;

    assertEquals(
        List.of(
            x(7, 11, "unknown op 'tuch' (known: " + OPS + "; did you mean 'touch'?)"),
            x(8, 36, "'length' for write must be positive, not 0"),
            x(
                9,
                20,
                "unknown block-group field 'usd' in metric 'bg.0.usd' (known: "
                    + BG_FIELDS
                    + "; did you mean 'used'?)")),
        stepProblems(text));
  }

  @Test
  void aTaskDoesNotSeeWhatAConcurrentTaskIntroduces() {
    String text =
        """
          - tasks:
              maker: [mkfs: {device: 8G}, create: f, spawn: p1]
              user: [fsync: f, exit: p1]
        """;

    assertEquals(
        List.of(
            x(5, 14, "fsync needs a filesystem made by an earlier mkfs"),
            x(5, 21, "file 'f' is not created by an earlier create"),
            x(5, 30, "pid 'p1' is not defined by an earlier spawn or fork")),
        stepProblems(text));
  }

  @Test
  void twoTasksCannotIntroduceTheSameName() {
    String text =
        """
          - spawn: p0
          - tasks:
              a: [mkfs: {device: 8G}, create: f, spawn: p1, mmap: {pid: p0, as: r, size: 4K}]
              b: [mkfs: {device: 4G}, create: f, spawn: p1, mmap: {pid: p0, as: r, size: 4K}]
          - mmap: {pid: p1, as: r, size: 4K}
        """;

    assertEquals(
        List.of(
            x(6, 11, "a scenario makes one filesystem, and mkfs on line 5 made it already"),
            x(6, 39, "file 'f' is already created (on line 5); pick another name"),
            x(
                6,
                49,
                "pid 'p1' is already live (defined on line 5); exit it first or pick another"
                    + " name"),
            x(6, 73, "region 'r' of p0 is already defined (on line 5); pick another name")),
        stepProblems(text));
  }

  @Test
  void aProcessATaskEndsIsNotLiveAfterTheBlockAndEndsOnce() {
    String text =
        """
          - spawn: p1
          - tasks: {a: [exit: p1], b: [sleep: 1s]}
          - exit: p1
          - spawn: p2
          - tasks: {a: [exit: p2], b: [exit: p2]}
        """;

    assertEquals(
        List.of(
            x(5, 11, "pid 'p1' is not live: it exited on line 4"),
            x(7, 38, "pid 'p2' is not live: it exited on line 7")),
        stepProblems(text));
  }

  @Test
  void filesystemMetricsMustHaveTheirShape() {
    String text =
        FS_F
            + """
              - expect:
                  fs.Bad: 1
                  fs.: 1
                  bg.x.used: 1
                  bg.0: 1
                  bg.01.used: 1
                  bg.0.used.x: 1
                  bg.0.Used: 1
                  data.f: 1
                  data.f.3Q: 1
                  data.f.x: 1
                  data..0: 1
            """;
    String bg = "bg.<number>.<field>, e.g. bg.0.used";
    String data = "data.<file>.<offset>, e.g. data.f.8K";

    assertEquals(
        List.of(
            x(
                6,
                7,
                "bad metric 'fs.Bad': expected fs.<stat> (lower case and '_'), e.g."
                    + " fs.relocation_flushed_bytes"),
            x(
                7,
                7,
                "bad metric 'fs.': expected fs.<stat> (lower case and '_'), e.g."
                    + " fs.relocation_flushed_bytes"),
            x(8, 7, "bad metric 'bg.x.used': expected " + bg),
            x(9, 7, "bad metric 'bg.0': expected " + bg),
            x(10, 7, "bad metric 'bg.01.used': expected " + bg),
            x(11, 7, "bad metric 'bg.0.used.x': expected " + bg),
            x(
                12,
                7,
                "unknown block-group field 'Used' in metric 'bg.0.Used' (known: "
                    + BG_FIELDS
                    + "; did you mean 'used'?)"),
            x(13, 7, "bad metric 'data.f': expected " + data),
            x(14, 7, "bad metric 'data.f.3Q': expected " + data),
            x(15, 7, "bad metric 'data.f.x': expected " + data),
            x(16, 7, "bad metric 'data..0': expected " + data)),
        stepProblems(text));
  }

  @Test
  void filesystemMetricsNeedTheFilesystem() {
    assertEquals(
        List.of(x(3, 14, "metric 'bg.0.used' needs a filesystem made by an earlier mkfs")),
        stepProblems("  - expect: {bg.0.used: 0, fs.extents_written: 0}\n"));
  }

  @Test
  void alwaysIsCheckedAsExpectAgainstTheNamesTheStepsMake() {
    assertEquals(
        List.of(
            FILE
                + ":5:20: bad comparison '=> 0': expected an operator (==, !=, <, <=, >, >=) and a"
                + " number, e.g. '>= 5'",
            FILE + ":5:28: file 'g' is not created by an earlier create (did you mean 'f'?)"),
        problems("name: t\nsteps:\n" + FS_F + "always: {data.f.0: '=> 0', data.g.0: 1}\n"));
    assertEquals(
        List.of(FILE + ":3:1: always needs at least one metric, e.g. always: {fs.unmapped_io: 0}"),
        problems("name: t\nsteps: []\nalways: {}\n"));
  }
}
