package org.kmodel.kernel.scenario.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LackeyTraceTest {
  @TempDir Path dir;

  private LackeyTrace trace(String text) throws IOException {
    return new LackeyTrace(Files.writeString(dir.resolve("t.lackey"), text), 4096);
  }

  @Test
  void dataAccessesAreReplayedInOrderAndInstructionFetchesOnlyCounted() throws Exception {
    LackeyTrace t =
        trace(
            """
            ==7== Lackey, an example Valgrind tool
            I  00401000,5
             S 00403000,1
             L 1ffefffe38,8
             M 0421f5c8,4
            I  00401005,3
            """);
    LackeyTrace.Counts c = new LackeyTrace.Counts();
    List<String> seen = new ArrayList<>();
    t.pass(c, (a, w) -> seen.add(Long.toHexString(a) + (w ? " w" : " r")));
    assertEquals(List.of("403000 w", "1ffefffe38 r", "421f5c8 w"), seen);
    assertEquals(2, c.instructions);
    assertEquals(1, c.loads);
    assertEquals(1, c.stores);
    assertEquals(1, c.modifies);
  }

  @Test
  void anAccessAcrossAPageBoundaryTouchesBothPages() throws Exception {
    LackeyTrace t = trace(" L 00403ffc,8\n S 00405000,4\n L 00403000,1\n");
    assertArrayEquals(new long[] {0x403, 0x404, 0x405}, t.pages());
  }

  @Test
  void aMalformedLineIsReportedByNumberWithoutItsContent() throws Exception {
    LackeyTrace t = trace(" L 00403000,8\nsecret text\n");
    LackeyTrace.Malformed e =
        assertThrows(
            LackeyTrace.Malformed.class, () -> t.pass(new LackeyTrace.Counts(), (a, w) -> true));
    assertEquals(2, e.line);
    assertEquals("is not in Lackey's trace format", e.getMessage());
    assertEquals(
        "has no size from 1 to 4096",
        assertThrows(LackeyTrace.Malformed.class, () -> trace(" S 1000,0\n").pages()).getMessage());
    assertEquals(
        "has an address that is not hex",
        assertThrows(LackeyTrace.Malformed.class, () -> trace(" S 10g0,4\n").pages()).getMessage());
    assertEquals(
        "has no address of at most 16 hex digits",
        assertThrows(LackeyTrace.Malformed.class, () -> trace(" S 11112222333344445,4\n").pages())
            .getMessage());
  }
}
