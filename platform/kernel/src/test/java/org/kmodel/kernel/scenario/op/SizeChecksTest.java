package org.kmodel.kernel.scenario.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.parse.ScenarioException;

/**
 * Sizes are checked against the units of the machine a scenario runs on, at the value each refused
 * size is written at: the base page for memory, the filesystem's 4K sector for files.
 */
class SizeChecksTest {

  private static final String FILE = "s.yaml";
  private static final Kernel.BasePage X86 = new Kernel.BasePage(4096, "x86_64");
  private static final Kernel.BasePage ARM64_64K = new Kernel.BasePage(64 * 1024, "aarch64");

  private static final String TEXT =
      """
      name: sizes
      machine: {memory: 64M, swap: 100K}
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 2M, align: 4K}
        - mmap: {pid: p1, as: b, size: 12K}
        - touch: {pid: p1, region: a, offset: 4K, length: 8K, access: write}
        - tasks:
            one: [fill: {pid: p1, region: a, length: 4K, value: 1}]
            two: [touch: {pid: p1, region: a, access: read, pattern: stride, stride: 12K}]
        - mremap: {pid: p1, region: a, offset: 1M, as: c, align: 2M}
        - munmap: {pid: p1, region: c}
      """;

  private static List<String> check(String text, Kernel.BasePage page) throws ScenarioException {
    Scenario s = Operations.parser().parse(FILE, text);
    return SizeChecks.check(s, page).stream().map(Problem::toString).toList();
  }

  /** {@code file:line:column} of the value written after {@code key} on a line of the text. */
  private static String at(String text, int line, String key) {
    String written = text.lines().toList().get(line - 1);
    return FILE + ":" + line + ":" + (written.indexOf(key + ": ") + key.length() + 3);
  }

  @Test
  void aScenarioOfFourKilobyteMultiplesPassesOnFourKilobytePages() throws Exception {
    assertEquals(List.of(), check(TEXT, X86));
  }

  @Test
  void everySizeThatIsNotAWholeNumberOfSixtyFourKilobytePagesIsReportedAtItsValue()
      throws Exception {
    String page = " the 64K base page of aarch64";

    assertEquals(
        List.of(
            at(TEXT, 2, "swap") + ": swap 100K is not a multiple of" + page,
            at(TEXT, 5, "align") + ": align 4K is smaller than" + page,
            at(TEXT, 6, "size") + ": size 12K is not a multiple of" + page,
            at(TEXT, 7, "offset") + ": offset 4K is not a multiple of" + page,
            at(TEXT, 7, "length") + ": length 8K is not a multiple of" + page,
            at(TEXT, 9, "length") + ": length 4K is not a multiple of" + page,
            at(TEXT, 10, "stride") + ": stride 12K is not a multiple of" + page),
        check(TEXT, ARM64_64K));
  }

  @Test
  void aRandomFillCountsAtMostThePagesOfItsRangeInTheMachinesPages() throws Exception {
    String text =
        """
        name: f
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 2M}
          - fill: {pid: p1, region: a, length: 1M, value: 0, pattern: random, count: 256}
          - fill: {pid: p1, region: a, length: 1M, value: 0, pattern: random, count: 16}
        """;

    assertEquals(List.of(), check(text, X86));
    assertEquals(
        List.of(at(text, 5, "count") + ": 'count' 256 is more than the 16 pages of 1M"),
        check(text, ARM64_64K));
  }

  @Test
  void memoryIsMeasuredInTheBasePageToo() throws Exception {
    String text = "name: m\nmachine:\n  memory: 65540K\nsteps: []\n";

    assertEquals(
        List.of(
            at(text, 3, "memory")
                + ": memory 65540K is not a multiple of the 64K base page of"
                + " aarch64"),
        check(text, ARM64_64K));
  }

  @Test
  void fileSizesAreMeasuredInSectorsWhateverThePage() throws Exception {
    String text =
        """
        name: fs
        steps:
          - mkfs: {device: 8G, metadata_chunk: 6K}
          - create: f
          - write: {file: f, offset: 2K, length: 4K, value: 1}
          - read: {file: f, length: 3000}
          - fallocate: {file: f, offset: 64K, length: 64K}
          - expect: {data.f.1K: 0, data.f.64K: 0}
        """;
    String sector = " is not a multiple of the filesystem's 4K sector";
    List<String> expected =
        List.of(
            at(text, 3, "metadata_chunk") + ": metadata_chunk 6K" + sector,
            at(text, 5, "offset") + ": offset 2K" + sector,
            at(text, 6, "length") + ": length 3000" + sector,
            FILE + ":8:14: offset 1K of data.f.1K" + sector);

    assertEquals(expected, check(text, null));
    assertEquals(expected, check(text, ARM64_64K));
  }

  @Test
  void withoutAnArchitectureMemorySizesAreLeftAlone() throws Exception {
    assertEquals(List.of(), check(TEXT, null));
  }
}
