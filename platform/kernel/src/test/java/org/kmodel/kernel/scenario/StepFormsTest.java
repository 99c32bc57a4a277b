package org.kmodel.kernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each op of the contract, in its shorthand and long forms, parses to its record. */
class StepFormsTest {

  private static final String FILE = "scenarios/steps.yaml";
  private static final long K = 1L << 10;
  private static final long M = 1L << 20;

  /** Lines 1 and 2 are {@code name} and {@code steps}: the first step is on line 3. */
  private static List<Step> steps(String steps) throws ScenarioException {
    return new ScenarioParser().parse(FILE, "name: t\nsteps:\n" + steps).steps();
  }

  /** The last step of a list. */
  private static Step last(String steps) throws ScenarioException {
    List<Step> all = steps(steps);
    return all.get(all.size() - 1);
  }

  private static Location at(int line, int column) {
    return new Location(FILE, line, column);
  }

  private static final String P1_AREA =
      """
        - spawn: p1
        - mmap: {pid: p1, as: area, size: 4M}
      """;

  @Test
  void spawnTakesANameOrAPid() throws Exception {
    assertEquals(
        List.of(new Spawn(at(3, 5), "p1"), new Spawn(at(4, 5), "p2")),
        steps("  - spawn: p1\n  - spawn: {pid: p2}\n"));
  }

  @Test
  void exitTakesANameOrAPid() throws Exception {
    assertEquals(
        List.of(
            new Spawn(at(3, 5), "p1"),
            new Exit(at(4, 5), "p1"),
            new Spawn(at(5, 5), "p1"),
            new Exit(at(6, 5), "p1")),
        steps("  - spawn: p1\n  - exit: p1\n  - spawn: p1\n  - exit: {pid: p1}\n"));
  }

  @Test
  void mmapDefaultsToNoAlignmentAndReadWrite() throws Exception {
    assertEquals(new Mmap(at(4, 5), "p1", "area", 4 * M, 0, Prot.RW), steps(P1_AREA).get(1));
  }

  @Test
  void mmapTakesAlignmentAndProtection() throws Exception {
    String text =
        """
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 8K, align: 2M, prot: r}
          - mmap: {pid: p1, as: b, size: 4096, align: 1G, prot: none}
          - mmap: {pid: p1, as: c, size: 1.5M, prot: RW}
        """;

    assertEquals(
        List.of(
            new Spawn(at(3, 5), "p1"),
            new Mmap(at(4, 5), "p1", "a", 8 * K, 2 * M, Prot.R),
            new Mmap(at(5, 5), "p1", "b", 4096, 1L << 30, Prot.NONE),
            new Mmap(at(6, 5), "p1", "c", 1536 * K, 0, Prot.RW)),
        steps(text));
  }

  @Test
  void argumentsMayBeWrittenAsABlock() throws Exception {
    String text =
        """
          - spawn: p1
          - mmap:
              pid: p1
              as: area
              size: 2M
        """;

    assertEquals(new Mmap(at(4, 5), "p1", "area", 2 * M, 0, Prot.RW), last(text));
  }

  @Test
  void munmapActsOnTheWholeRegionOrARange() throws Exception {
    String text =
        P1_AREA
            + """
              - munmap: {pid: p1, region: area, offset: 1M, length: 1M}
              - munmap: {pid: p1, region: area, offset: 3M}
              - munmap: {pid: p1, region: area}
            """;

    assertEquals(
        List.of(
            new Munmap(at(5, 5), "p1", "area", new Range(M, M)),
            new Munmap(at(6, 5), "p1", "area", new Range(3 * M, Range.TO_END)),
            new Munmap(at(7, 5), "p1", "area", Range.WHOLE)),
        steps(text).subList(2, 5));
  }

  @Test
  void mprotectTakesARangeAndAProtection() throws Exception {
    assertEquals(
        new Mprotect(at(5, 5), "p1", "area", new Range(0, 2 * M), Prot.NONE),
        last(P1_AREA + "  - mprotect: {pid: p1, region: area, length: 2M, prot: none}\n"));
  }

  @Test
  void mremapDefinesANewRegionThatLaterStepsMayUse() throws Exception {
    String text =
        P1_AREA
            + """
              - mremap: {pid: p1, region: area, offset: 2M, as: moved, align: 2M}
              - mremap: {pid: p1, region: moved, length: 1M, as: again}
              - touch: {pid: p1, region: again, access: read}
            """;

    List<Step> steps = steps(text);

    assertEquals(
        new Mremap(at(5, 5), "p1", "area", new Range(2 * M, Range.TO_END), "moved", 2 * M),
        steps.get(2));
    assertEquals(new Mremap(at(6, 5), "p1", "moved", new Range(0, M), "again", 0), steps.get(3));
  }

  @Test
  void madviseTakesEveryAdvice() throws Exception {
    for (Madvise.Advice advice : Madvise.Advice.values()) {
      String word = advice.name().toLowerCase(java.util.Locale.ROOT);
      assertEquals(
          new Madvise(at(5, 5), "p1", "area", Range.WHOLE, advice),
          last(P1_AREA + "  - madvise: {pid: p1, region: area, advice: " + word + "}\n"));
    }
  }

  @Test
  void touchTakesPatternsStridesAndCounts() throws Exception {
    String text =
        P1_AREA
            + """
              - touch: {pid: p1, region: area, access: read}
              - touch: {pid: p1, region: area, access: write, pattern: stride, stride: 64K}
              - touch: {pid: p1, region: area, offset: 2M, access: read, pattern: random, count: 100}
            """;

    assertEquals(
        List.of(
            new Touch(
                at(5, 5),
                "p1",
                "area",
                Range.WHOLE,
                Touch.Access.READ,
                Touch.Pattern.SEQUENTIAL,
                0,
                0),
            new Touch(
                at(6, 5),
                "p1",
                "area",
                Range.WHOLE,
                Touch.Access.WRITE,
                Touch.Pattern.STRIDE,
                64 * K,
                0),
            new Touch(
                at(7, 5),
                "p1",
                "area",
                new Range(2 * M, Range.TO_END),
                Touch.Access.READ,
                Touch.Pattern.RANDOM,
                0,
                100)),
        steps(text).subList(2, 5));
  }

  @Test
  void fillAndCheckTakeDecimalOrHexadecimalValues() throws Exception {
    String text =
        P1_AREA
            + """
              - fill: {pid: p1, region: area, length: 8K, value: 0xdeadbeef}
              - check: {pid: p1, region: area, length: 8K, value: 3735928559}
              - check: {pid: p1, region: area, offset: 8K, value: 0}
            """;

    assertEquals(
        List.of(
            new Fill(at(5, 5), "p1", "area", new Range(0, 8 * K), 0xdeadbeefL),
            new Check(at(6, 5), "p1", "area", new Range(0, 8 * K), 0xdeadbeefL),
            new Check(at(7, 5), "p1", "area", new Range(8 * K, Range.TO_END), 0)),
        steps(text).subList(2, 5));
  }

  @Test
  void aForkedChildInheritsItsParentsRegions() throws Exception {
    String text =
        P1_AREA
            + """
              - fork: {pid: p1, child: c1}
              - touch: {pid: c1, region: area, access: write}
              - exit: p1
              - touch: {pid: c1, region: area, access: read}
            """;

    List<Step> steps = steps(text);

    assertEquals(new Fork(at(5, 5), "p1", "c1"), steps.get(2));
    assertEquals(6, steps.size());
  }

  @Test
  void sleepTakesADurationInEitherForm() throws Exception {
    assertEquals(
        List.of(
            new Sleep(at(3, 5), 30_000_000_000L),
            new Sleep(at(4, 5), 10_000_000L),
            new Sleep(at(5, 5), 1_500L),
            new Sleep(at(6, 5), 7_200_000_000_000L)),
        steps("  - sleep: 30s\n  - sleep: {duration: 10ms}\n  - sleep: 1.5us\n  - sleep: 2h\n"));
  }

  @Test
  void khugepagedTakesFullScans() throws Exception {
    assertEquals(new Khugepaged(at(3, 5), 3), last("  - khugepaged: {full_scans: 3}\n"));
  }

  @Test
  void setWritesKnobsInOrder() throws Exception {
    String text =
        """
          - set:
              /sys/kernel/mm/transparent_hugepage/enabled: always
              /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none: 0
        """;

    assertEquals(
        new SetKnobs(
            at(3, 5),
            List.of(
                new KnobWrite(at(4, 7), "/sys/kernel/mm/transparent_hugepage/enabled", "always"),
                new KnobWrite(
                    at(5, 7),
                    "/sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none",
                    "0"))),
        last(text));
  }

  @Test
  void swapTakesASlotAnImplementationAndAnOptionalWait() throws Exception {
    String text =
        """
          - swap: {slot: thp-policy, to: thp-never, wait: 10s}
          - swap: {slot: allocator, to: org.kmodel.allocator.buddy}
          - swap: {slot: arch, to: arch-generic, wait: 1500us}
        """;

    assertEquals(
        List.of(
            new Swap(at(3, 5), "thp-policy", "thp-never", 10_000),
            new Swap(at(4, 5), "allocator", "org.kmodel.allocator.buddy", 0),
            new Swap(at(5, 5), "arch", "arch-generic", 2)),
        steps(text));
  }

  @Test
  void phaseTakesANameInEitherForm() throws Exception {
    assertEquals(
        List.of(new Phase(at(3, 5), "warm-up"), new Phase(at(4, 5), "steady state")),
        steps("  - phase: warm-up\n  - phase: {name: steady state}\n"));
  }

  @Test
  void expectTakesEveryKindOfValueAndMetric() throws Exception {
    String text =
        P1_AREA
            + """
              - expect:
                  vmstat.thp_fault_alloc: ">= 5"
                  meminfo.AnonHugePages: "< 10"
                  meminfo.Active(anon): "!= 0"
                  smaps.p1.area.Rss: 4096
                  huge.p1.area: true
                  knob./sys/kernel/mm/transparent_hugepage/enabled: madvise
                  knob./sys/kernel/mm/transparent_hugepage/use_zero_page: "== 1"
                  vmstat.nr_anon_pages: 1.5
                  knob./sys/kernel/mm/transparent_hugepage/defrag: "!= never"
                  knob./sys/kernel/mm/transparent_hugepage/khugepaged/defrag: yes
            """;

    Expect expect = (Expect) last(text);

    assertEquals(at(5, 5), expect.where());
    assertEquals(
        List.of(
            new Comparison(Comparison.Op.GE, 5L),
            new Comparison(Comparison.Op.LT, 10L),
            new Comparison(Comparison.Op.NE, 0L),
            new Comparison(Comparison.Op.EQ, 4096L),
            new Comparison(Comparison.Op.EQ, true),
            new Comparison(Comparison.Op.EQ, "madvise"),
            new Comparison(Comparison.Op.EQ, 1L),
            new Comparison(Comparison.Op.EQ, 1.5),
            new Comparison(Comparison.Op.NE, "never"),
            new Comparison(Comparison.Op.EQ, "yes")),
        expect.expectations().stream().map(Expectation::expected).toList());
    assertEquals(
        new Expectation(at(6, 7), "vmstat.thp_fault_alloc", new Comparison(Comparison.Op.GE, 5L)),
        expect.expectations().get(0));
    assertEquals("meminfo.Active(anon)", expect.expectations().get(2).metric());
  }

  @Test
  void everyStepKnowsItsOp() throws Exception {
    String text =
        P1_AREA
            + """
              - munmap: {pid: p1, region: area, offset: 3M}
              - mprotect: {pid: p1, region: area, prot: r}
              - mremap: {pid: p1, region: area, length: 1M, as: b}
              - madvise: {pid: p1, region: area, advice: collapse}
              - touch: {pid: p1, region: area, access: read}
              - fill: {pid: p1, region: area, value: 1}
              - check: {pid: p1, region: area, value: 1}
              - fork: {pid: p1, child: c}
              - exit: c
              - sleep: 1s
              - khugepaged: {full_scans: 1}
              - set: {/sys/kernel/mm/transparent_hugepage/enabled: never}
              - swap: {slot: thp-policy, to: thp-never}
              - expect: {vmstat.thp_fault_alloc: 0}
              - phase: end
            """;

    assertEquals(
        List.of(
            "spawn",
            "mmap",
            "munmap",
            "mprotect",
            "mremap",
            "madvise",
            "touch",
            "fill",
            "check",
            "fork",
            "exit",
            "sleep",
            "khugepaged",
            "set",
            "swap",
            "expect",
            "phase"),
        steps(text).stream().map(Step::op).toList());
  }
}
