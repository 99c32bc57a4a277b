package org.kmodel.kernel.mm.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.mm.boot.BuddyInfo.Problem;

class BuddyInfoTest {
  private static final String COUNTS =
      "      1      2      3      4      5      6      7      8      9     10     11 ";

  @Test
  void zonesAndNodesSumUp() {
    BuddyInfo info =
        BuddyInfo.parse(
            "Node 0, zone      DMA"
                + COUNTS
                + "\n"
                + "Node 0, zone   Normal"
                + COUNTS
                + "\n"
                + "\n"
                + "Node 1, zone   Normal      0      0      0      0      0      0      0      0"
                + "      0      0    100 \n");
    assertTrue(info.ok(), info.problems().toString());
    assertArrayEquals(
        new long[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 122}, info.freeBlocksPerOrder());
    assertEquals(3, info.zones().size());
    BuddyInfo.Zone last = info.zones().get(2);
    assertEquals(4, last.line());
    assertEquals(1, last.node());
    assertEquals("Normal", last.name());
    assertEquals(100L, last.freeBlocks().get(10));
    long frames = 0;
    long[] counts = info.freeBlocksPerOrder();
    for (int o = 0; o < 11; o++) {
      frames += counts[o] << o;
    }
    assertEquals(frames, info.freeFrames());
  }

  @Test
  void linuxFormatReadsBack() {
    long[] counts = {3595, 2040, 1140, 578, 297, 163, 80, 39, 22, 11, 1507};
    String line = BuddyInfo.format(0, "Normal", counts);
    assertEquals(
        "Node 0, zone   Normal   3595   2040   1140    578    297    163     80     39     22     11"
            + "   1507 ",
        line);
    BuddyInfo info = BuddyInfo.parse(line + "\r\n");
    assertTrue(info.ok(), info.problems().toString());
    assertArrayEquals(counts, info.freeBlocksPerOrder());
  }

  @Test
  void aBadNumberIsNamedByLineAndColumn() {
    String bad =
        "Node 0, zone   Normal      1      2     3x      4      5      6      7      8      9     10     11 ";
    BuddyInfo info = BuddyInfo.parse("Node 0, zone      DMA" + COUNTS + "\n" + bad + "\n");
    assertFalse(info.ok());
    assertEquals(
        List.of(
            new Problem(
                2,
                bad.indexOf("3x") + 1,
                "line 2 is not in /proc/buddyinfo format (the count of order 2 is not a number)")),
        info.problems());
    assertEquals(1, info.zones().size());
    assertEquals(
        "2:41: line 2 is not in /proc/buddyinfo format (the count of order 2 is not a number)",
        info.problems().get(0).toString());
  }

  @Test
  void negativeAndHugeNumbersAreNotCounts() {
    String line = "Node 0, zone Normal -1 0 0 0 0 0 0 0 0 0 99999999999999999999";
    List<Problem> problems = BuddyInfo.parse(line).problems();
    assertEquals(2, problems.size());
    assertEquals(line.indexOf("-1") + 1, problems.get(0).column());
    assertEquals(line.indexOf("9999") + 1, problems.get(1).column());
  }

  @Test
  void tooFewOrTooManyColumns() {
    String few = "Node 0, zone Normal 1 2 3 4 5 6 7 8 9 10";
    assertEquals(
        List.of(
            new Problem(
                1,
                few.length() + 1,
                "expected 11 counts of free blocks (orders 0 to 10), found 10")),
        BuddyInfo.parse(few).problems());
    String many = "Node 0, zone Normal 1 2 3 4 5 6 7 8 9 10 11 12";
    assertEquals(
        List.of(
            new Problem(
                1,
                many.indexOf(" 12") + 2,
                "expected 11 counts of free blocks (orders 0 to 10), found 12")),
        BuddyInfo.parse(many).problems());
  }

  @Test
  void noZoneLinesIsAProblem() {
    for (String text : List.of("", "\n\n", "   \n")) {
      List<Problem> problems = BuddyInfo.parse(text).problems();
      assertEquals(1, problems.size(), text);
      assertEquals(1, problems.get(0).line());
      assertEquals(1, problems.get(0).column());
      assertTrue(problems.get(0).message().startsWith("no zone lines"));
    }
  }

  @Test
  void linesThatAreNotZoneLines() {
    BuddyInfo info =
        BuddyInfo.parse(
            "Node 0, zone DMA"
                + COUNTS
                + "\n"
                + "Free pages count per migrate type at order 0 1 2\n"
                + "Node x, zone DMA"
                + COUNTS
                + "\n"
                + "Node 0 zone DMA"
                + COUNTS
                + "\n"
                + "Node 0, area DMA"
                + COUNTS
                + "\n"
                + "Node 0, zone\n");
    List<Problem> p = info.problems();
    assertEquals(5, p.size(), p.toString());
    assertEquals(new Problem(2, 1, p.get(0).message()), p.get(0));
    assertEquals(
        "line 2 is not in /proc/buddyinfo format ('Node <n>, zone <name>' and 11 counts)",
        p.get(0).message());
    assertFalse(p.get(0).message().contains("Free"), "the file's content is not echoed");
    assertEquals(new Problem(3, 6, "expected a node number and a comma, e.g. '0,'"), p.get(1));
    assertEquals(new Problem(4, 6, "expected a node number and a comma, e.g. '0,'"), p.get(2));
    assertEquals(new Problem(5, 9, "expected 'zone'"), p.get(3));
    assertEquals(new Problem(6, 13, "expected a zone name"), p.get(4));
    assertEquals(1, info.zones().size());
  }
}
