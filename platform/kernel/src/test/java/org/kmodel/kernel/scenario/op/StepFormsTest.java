package org.kmodel.kernel.scenario.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Balance;
import org.kmodel.kernel.scenario.model.CancelBalance;
import org.kmodel.kernel.scenario.model.Check;
import org.kmodel.kernel.scenario.model.Commit;
import org.kmodel.kernel.scenario.model.Create;
import org.kmodel.kernel.scenario.model.Exit;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Fallocate;
import org.kmodel.kernel.scenario.model.Fill;
import org.kmodel.kernel.scenario.model.Fork;
import org.kmodel.kernel.scenario.model.Fsync;
import org.kmodel.kernel.scenario.model.Khugepaged;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Madvise;
import org.kmodel.kernel.scenario.model.Mkfs;
import org.kmodel.kernel.scenario.model.Mmap;
import org.kmodel.kernel.scenario.model.Mprotect;
import org.kmodel.kernel.scenario.model.Mremap;
import org.kmodel.kernel.scenario.model.Munmap;
import org.kmodel.kernel.scenario.model.Phase;
import org.kmodel.kernel.scenario.model.Prot;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Read;
import org.kmodel.kernel.scenario.model.Relocate;
import org.kmodel.kernel.scenario.model.SetKnobs;
import org.kmodel.kernel.scenario.model.Sleep;
import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Swap;
import org.kmodel.kernel.scenario.model.Tasks;
import org.kmodel.kernel.scenario.model.Touch;
import org.kmodel.kernel.scenario.model.Write;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.scenario.value.Comparison;

/** Each op of the contract, in its shorthand and long forms, parses to its record. */
class StepFormsTest {

  private static final String FILE = "scenarios/steps.yaml";
  private static final long K = 1L << 10;
  private static final long M = 1L << 20;
  private static final long G = 1L << 30;

  /** Lines 1 and 2 are {@code name} and {@code steps}: the first step is on line 3. */
  private static List<Step> steps(String steps) throws ScenarioException {
    return Operations.parser().parse(FILE, "name: t\nsteps:\n" + steps).steps();
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

  /** A filesystem and a file f, on lines 3 and 4. */
  private static final String FS_F =
      """
        - mkfs: {device: 8G}
        - create: f
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
  void fillTakesARandomPatternWithACountOrAFraction() throws Exception {
    String text =
        P1_AREA
            + """
              - fill: {pid: p1, region: area, value: 0, pattern: random, count: 100}
              - fill: {pid: p1, region: area, value: 0, pattern: random, fraction: 80%}
              - fill: {pid: p1, region: area, value: 7, pattern: random, fraction: 12.5%}
              - fill: {pid: p1, region: area, value: 7, pattern: random}
            """;

    assertEquals(
        List.of(
            new Fill(
                at(5, 5), "p1", "area", Range.WHOLE, 0, Fill.Pattern.RANDOM, 100, Fill.NO_FRACTION),
            new Fill(at(6, 5), "p1", "area", Range.WHOLE, 0, Fill.Pattern.RANDOM, 0, 800_000),
            new Fill(at(7, 5), "p1", "area", Range.WHOLE, 7, Fill.Pattern.RANDOM, 0, 125_000),
            new Fill(
                at(8, 5), "p1", "area", Range.WHOLE, 7, Fill.Pattern.RANDOM, 0, Fill.NO_FRACTION)),
        steps(text).subList(2, 6));
  }

  @Test
  void percentagesAreMillionths() {
    assertEquals(0, FillOp.millionths("0%"));
    assertEquals(1_000_000, FillOp.millionths("100%"));
    assertEquals(1, FillOp.millionths("0.0001%"));
    assertEquals(Fill.NO_FRACTION, FillOp.millionths("100.01%"));
    assertEquals(Fill.NO_FRACTION, FillOp.millionths("0.00001%"));
    assertEquals(Fill.NO_FRACTION, FillOp.millionths("-5%"));
    assertEquals(Fill.NO_FRACTION, FillOp.millionths("0.8"));
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
  void expectTakesAValuePerImplementationInTheOrderWritten() throws Exception {
    String text =
        P1_AREA
            + """
              - expect:
                  smaps.p1.area.AnonHugePages: {thp-linux: 0, thp-ingens: ">= 4096", other: 0}
            """;

    Expectation x = ((Expect) last(text)).expectations().get(0);

    assertEquals(at(6, 7), x.where());
    assertEquals(null, x.expected());
    assertEquals(
        List.of("thp-linux", "thp-ingens", "other"), List.copyOf(x.byImplementation().keySet()));
    assertEquals(
        new Comparison(Comparison.Op.GE, 4096L), x.applicable(List.of("buddy", "thp-ingens")));
    assertEquals(
        new Comparison(Comparison.Op.EQ, 0L),
        x.applicable(List.of("thp-hawkeye")),
        "other applies when no key names an occupant");
    assertEquals(
        new Comparison(Comparison.Op.EQ, 0L),
        x.applicable(List.of("thp-ingens", "thp-linux")),
        "the first key written that names an occupant wins");
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

  @Test
  void mkfsDefaultsItsChunkSizes() throws Exception {
    assertEquals(new Mkfs(at(3, 5), 8 * G, G, 256 * M), last("  - mkfs: {device: 8G}\n"));
  }

  @Test
  void mkfsTakesChunkSizesInEitherLayout() throws Exception {
    assertEquals(
        new Mkfs(at(3, 5), 16 * G, 512 * M, 64 * M),
        last("  - mkfs: {device: 16G, data_chunk: 512M, metadata_chunk: 64M}\n"));
    assertEquals(
        new Mkfs(at(3, 5), 2 * G, 2 * G, 4 * K),
        last("  - mkfs:\n      device: 2G\n      data_chunk: 2G\n      metadata_chunk: 4096\n"));
  }

  @Test
  void createTakesANameOrAFileAndNodatacow() throws Exception {
    String text =
        """
          - mkfs: {device: 8G}
          - create: f
          - create: {file: g}
          - create: {file: h, nodatacow: true}
          - create: {file: i, nodatacow: FALSE}
        """;

    assertEquals(
        List.of(
            new Create(at(4, 5), "f", false),
            new Create(at(5, 5), "g", false),
            new Create(at(6, 5), "h", true),
            new Create(at(7, 5), "i", false)),
        steps(text).subList(1, 5));
  }

  @Test
  void writeDefaultsToOffsetZeroAndBufferedIO() throws Exception {
    assertEquals(
        new Write(at(5, 5), "f", 0, 8 * K, 7, false),
        last(FS_F + "  - write: {file: f, length: 8K, value: 7}\n"));
  }

  @Test
  void writeTakesAnOffsetAHexadecimalValueAndDirectIO() throws Exception {
    String text =
        FS_F
            + """
              - write: {file: f, offset: 1M, length: 4K, value: 0xdeadbeef, direct: true}
              - write:
                  file: f
                  offset: 4096
                  length: 1.5M
                  value: -1
                  direct: false
            """;

    assertEquals(
        List.of(
            new Write(at(5, 5), "f", M, 4 * K, 0xdeadbeefL, true),
            new Write(at(6, 5), "f", 4 * K, 1536 * K, -1, false)),
        steps(text).subList(2, 4));
  }

  @Test
  void fallocateAndReadTakeARange() throws Exception {
    String text =
        FS_F
            + """
              - fallocate: {file: f, length: 1M}
              - fallocate: {file: f, offset: 1M, length: 1M}
              - read: {file: f, length: 4K}
              - read: {file: f, offset: 8K, length: 2M}
            """;

    assertEquals(
        List.of(
            new Fallocate(at(5, 5), "f", 0, M),
            new Fallocate(at(6, 5), "f", M, M),
            new Read(at(7, 5), "f", 0, 4 * K),
            new Read(at(8, 5), "f", 8 * K, 2 * M)),
        steps(text).subList(2, 6));
  }

  @Test
  void fsyncTakesANameOrAFile() throws Exception {
    assertEquals(
        List.of(new Fsync(at(5, 5), "f"), new Fsync(at(6, 5), "f")),
        steps(FS_F + "  - fsync: f\n  - fsync: {file: f}\n").subList(2, 4));
  }

  @Test
  void commitAndCancelBalanceTakeNothing() throws Exception {
    String text =
        FS_F
            + """
              - commit: {}
              - commit:
              - cancel-balance: {}
              - cancel-balance:
            """;

    assertEquals(
        List.of(
            new Commit(at(5, 5)),
            new Commit(at(6, 5)),
            new CancelBalance(at(7, 5)),
            new CancelBalance(at(8, 5))),
        steps(text).subList(2, 6));
  }

  @Test
  void relocateTakesABlockGroupIndex() throws Exception {
    assertEquals(
        List.of(new Relocate(at(5, 5), 0), new Relocate(at(6, 5), 12)),
        steps(FS_F + "  - relocate: {group: 0}\n  - relocate:\n      group: 12\n").subList(2, 4));
  }

  @Test
  void balanceFiltersDefaultToEveryGroup() throws Exception {
    assertEquals(new Balance(at(5, 5), null, -1, -1), last(FS_F + "  - balance: {}\n"));
    assertEquals(new Balance(at(5, 5), null, -1, -1), last(FS_F + "  - balance:\n"));
  }

  @Test
  void balanceTakesTypeUsageAndLimit() throws Exception {
    String text =
        FS_F
            + """
              - balance: {type: data, usage: 50, limit: 2}
              - balance: {type: METADATA, usage: 0}
              - balance: {type: system, limit: 1}
              - balance: {usage: 100}
            """;

    assertEquals(
        List.of(
            new Balance(at(5, 5), "data", 50, 2),
            new Balance(at(6, 5), "metadata", 0, -1),
            new Balance(at(7, 5), "system", -1, 1),
            new Balance(at(8, 5), null, 100, -1)),
        steps(text).subList(2, 6));
  }

  @Test
  void tasksRunListsOfStepsByNameInFileOrder() throws Exception {
    String text =
        FS_F
            + """
              - tasks:
                  writer:
                    - write: {file: f, length: 4K, value: 1, direct: true}
                    - fsync: f
                  mover: [relocate: {group: 1}]
                  committer: []
              - read: {file: f, length: 4K}
            """;

    List<Step> steps = steps(text);

    Tasks tasks = (Tasks) steps.get(2);
    assertEquals(at(5, 5), tasks.where());
    assertEquals(List.of("writer", "mover", "committer"), List.copyOf(tasks.tasks().keySet()));
    assertEquals(
        new Tasks(
            at(5, 5),
            Map.of(
                "writer",
                List.of(new Write(at(7, 11), "f", 0, 4 * K, 1, true), new Fsync(at(8, 11), "f")),
                "mover",
                List.of(new Relocate(at(9, 15), 1)),
                "committer",
                List.of())),
        tasks);
    assertEquals(new Read(at(11, 5), "f", 0, 4 * K), steps.get(3));
  }

  @Test
  void theTasksOfABlockCannotBeChangedOnceParsed() throws Exception {
    Tasks tasks = (Tasks) last("  - tasks: {a: [sleep: 1s], b: [sleep: 2s]}\n");

    assertThrows(UnsupportedOperationException.class, () -> tasks.tasks().remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> tasks.tasks().get("b").clear());
  }

  @Test
  void namesATaskIntroducesAreKnownAfterTheBlock() throws Exception {
    String text =
        """
          - tasks:
              maker: [mkfs: {device: 8G}, create: f]
              spawner: [spawn: p1, mmap: {pid: p1, as: area, size: 2M}]
          - create: g
          - write: {file: f, length: 4K, value: 1}
          - touch: {pid: p1, region: area, access: write}
          - expect: {data.f.0: 1, smaps.p1.area.Rss: 8}
        """;

    assertEquals(5, steps(text).size());
  }

  @Test
  void aTaskSeesTheNamesFromBeforeTheBlockAndItsOwn() throws Exception {
    String text =
        P1_AREA
            + FS_F
            + """
              - tasks:
                  a: [fill: {pid: p1, region: area, value: 1}, create: g, fsync: g, fsync: f]
                  b: [spawn: p2, create: h, read: {file: h, length: 4K}]
              - exit: p2
              - fsync: h
            """;

    assertEquals(7, steps(text).size());
  }

  @Test
  void expectTakesFilesystemMetrics() throws Exception {
    String text =
        FS_F
            + """
              - expect:
                  fs.relocation_flushed_bytes: 0
                  fs.balance_enospc: "== 0"
                  bg.0.used: ">= 4096"
                  bg.12.removed: true
                  bg.1.type: data
                  data.f.0: 7
                  data.f.1.5M: "!= 7"
            """;

    Expect expect = (Expect) last(text);

    assertEquals(
        List.of(
            "fs.relocation_flushed_bytes",
            "fs.balance_enospc",
            "bg.0.used",
            "bg.12.removed",
            "bg.1.type",
            "data.f.0",
            "data.f.1.5M"),
        expect.expectations().stream().map(Expectation::metric).toList());
    assertEquals(
        new Expectation(at(12, 7), "data.f.1.5M", new Comparison(Comparison.Op.NE, 7L)),
        expect.expectations().get(6));
  }

  @Test
  void everyFilesystemStepKnowsItsOp() throws Exception {
    String text =
        FS_F
            + """
              - write: {file: f, length: 4K, value: 1}
              - fallocate: {file: f, length: 4K}
              - fsync: f
              - commit: {}
              - read: {file: f, length: 4K}
              - relocate: {group: 0}
              - balance: {}
              - cancel-balance: {}
              - tasks: {a: [commit: {}], b: [commit: {}]}
            """;

    assertEquals(
        List.of(
            "mkfs",
            "create",
            "write",
            "fallocate",
            "fsync",
            "commit",
            "read",
            "relocate",
            "balance",
            "cancel-balance",
            "tasks"),
        steps(text).stream().map(Step::op).toList());
  }
}
