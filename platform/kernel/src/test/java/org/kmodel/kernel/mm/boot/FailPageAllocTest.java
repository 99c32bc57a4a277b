package org.kmodel.kernel.mm.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.mm.Gfp;

class FailPageAllocTest {
  private static final String DIR = "/sys/kernel/debug/fail_page_alloc/";

  private final TreeMap<String, Knob> tree = new TreeMap<>();
  private final List<String> notices = new ArrayList<>();
  private final FailPageAlloc fail = new FailPageAlloc(new SplittableRandom(42), notices::add);

  FailPageAllocTest() {
    fail.register(
        new Knobs() {
          @Override
          public <K extends Knob> K register(K knob) {
            if (tree.putIfAbsent(knob.path(), knob) != null) {
              throw new IllegalStateException(knob.path());
            }
            return knob;
          }

          @Override
          public Knob find(String path) {
            return tree.get(path);
          }

          @Override
          public List<Knob> all() {
            return List.copyOf(tree.values());
          }
        });
  }

  private void write(String name, String value) {
    try {
      tree.get(DIR + name).write(value);
    } catch (KnobException e) {
      throw new AssertionError(name + " <- " + value, e);
    }
  }

  private String read(String name) {
    return tree.get(DIR + name).read();
  }

  private Errno refused(String name, String value) {
    return assertThrows(KnobException.class, () -> tree.get(DIR + name).write(value)).errno();
  }

  @Test
  void knobsSitWhereLinuxPutsThemWithLinuxDefaults() {
    assertEquals(
        List.of(
            "ignore-gfp-highmem",
            "ignore-gfp-wait",
            "interval",
            "min-order",
            "probability",
            "space",
            "times",
            "verbose"),
        tree.keySet().stream().map(p -> p.substring(DIR.length())).toList());
    assertEquals("0", read("probability"));
    assertEquals("1", read("interval"));
    assertEquals("1", read("times"));
    assertEquals("0", read("space"));
    assertEquals("2", read("verbose"));
    assertEquals("Y", read("ignore-gfp-wait"));
    assertEquals("Y", read("ignore-gfp-highmem"));
    assertEquals("1", read("min-order"));
  }

  @Test
  void probabilityZeroNeverFailsAndDrawsNothing() {
    SplittableRandom random = new SplittableRandom(5);
    FailPageAlloc f = new FailPageAlloc(random);
    for (int i = 0; i < 10_000; i++) {
      assertFalse(f.shouldFail(9));
    }
    assertEquals(new SplittableRandom(5).nextLong(), random.nextLong());
  }

  @Test
  void probabilityIsAPercentage() {
    write("probability", "30");
    write("times", "-1");
    int failed = 0;
    for (int i = 0; i < 100_000; i++) {
      failed += fail.shouldFail(9) ? 1 : 0;
    }
    assertEquals(0.30, failed / 100_000.0, 0.01);
    write("probability", "100");
    for (int i = 0; i < 1000; i++) {
      assertTrue(fail.shouldFail(9));
    }
    assertEquals(Errno.EINVAL, refused("probability", "101"));
    assertEquals(Errno.EINVAL, refused("probability", "-1"));
    assertEquals(Errno.EINVAL, refused("probability", "lots"));
  }

  @Test
  void timesRunsOutAndMinusOneMeansNoLimit() {
    write("probability", "100");
    assertTrue(fail.shouldFail(9));
    assertEquals("0", read("times"));
    assertFalse(fail.shouldFail(9));
    write("times", "3");
    int failed = 0;
    for (int i = 0; i < 100; i++) {
      failed += fail.shouldFail(9) ? 1 : 0;
    }
    assertEquals(3, failed);
    assertEquals("0", read("times"));
    write("times", "-1");
    for (int i = 0; i < 100; i++) {
      assertTrue(fail.shouldFail(9));
    }
    assertEquals("-1", read("times"));
    assertEquals(104, fail.injected());
  }

  @Test
  void timesTakesTheKernelExamplesHexMinusOne() {
    write("times", "0xffffffffffffffff");
    assertEquals("-1", read("times"));
    write("times", "010");
    assertEquals("8", read("times"));
    write("times", "+5\n");
    assertEquals("5", read("times"));
    assertEquals(Errno.EINVAL, refused("times", "five"));
    assertEquals(Errno.EINVAL, refused("times", "--1"));
    assertEquals(Errno.EINVAL, refused("times", ""));
  }

  @Test
  void intervalLetsOnlyEveryNthCallFail() {
    write("probability", "100");
    write("times", "-1");
    write("interval", "3");
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      pattern.append(fail.shouldFail(9) ? 'F' : '.');
    }
    assertEquals("..F..F..F", pattern.toString());
    for (String every : List.of("0", "1")) {
      write("interval", every);
      assertTrue(fail.shouldFail(9));
      assertTrue(fail.shouldFail(9));
    }
  }

  @Test
  void intervalCountsOnlyCallsThatPassTheOtherTests() {
    write("probability", "100");
    write("times", "-1");
    write("interval", "2");
    assertFalse(fail.shouldFail(0));
    assertFalse(fail.shouldFail(0));
    assertFalse(fail.shouldFail(9, Gfp.MOVABLE));
    assertFalse(fail.shouldFail(9));
    assertTrue(fail.shouldFail(9));
  }

  @Test
  void spaceIsABudgetOfPagesSpentBeforeFailuresStart() {
    write("probability", "100");
    write("times", "-1");
    write("space", "10");
    for (int i = 0; i < 4; i++) {
      assertFalse(fail.shouldFail(1));
    }
    assertEquals("2", read("space"));
    assertTrue(fail.shouldFail(1));
    assertEquals("2", read("space"));
    write("space", "1000");
    assertFalse(fail.shouldFail(9));
    assertEquals("488", read("space"));
    assertTrue(fail.shouldFail(9));
  }

  @Test
  void minOrderSparesSmallerAllocations() {
    write("probability", "100");
    write("times", "-1");
    assertFalse(fail.shouldFail(0));
    assertTrue(fail.shouldFail(1));
    write("min-order", "0");
    assertTrue(fail.shouldFail(0));
    write("min-order", "9");
    assertFalse(fail.shouldFail(8));
    assertTrue(fail.shouldFail(9));
    assertTrue(fail.shouldFail(10));
    write("min-order", "4294967295");
    assertFalse(fail.shouldFail(10));
    assertEquals(Errno.EINVAL, refused("min-order", "4294967296"));
  }

  @Test
  void ignoreSwitchesSpareUserAndSleepingAllocations() {
    write("probability", "100");
    write("times", "-1");
    int thp = Gfp.MOVABLE | Gfp.TRANSHUGE | Gfp.DIRECT_COMPACT;
    assertFalse(fail.shouldFail(9, Gfp.MOVABLE));
    assertFalse(fail.shouldFail(9, Gfp.DIRECT_COMPACT));
    assertFalse(fail.shouldFail(9, thp));
    write("ignore-gfp-highmem", "N");
    assertTrue(fail.shouldFail(9, Gfp.MOVABLE));
    assertFalse(fail.shouldFail(9, thp));
    write("ignore-gfp-wait", "0");
    assertTrue(fail.shouldFail(9, thp));
    assertEquals("N", read("ignore-gfp-wait"));
    write("ignore-gfp-highmem", "Y");
    assertFalse(fail.shouldFail(9, thp));
  }

  @Test
  void booleansReadAsKstrtoboolReads() {
    for (String yes : List.of("Y", "y", "1", "yes", "true", "on", "ON\n")) {
      write("ignore-gfp-wait", "N");
      write("ignore-gfp-wait", yes);
      assertEquals("Y", read("ignore-gfp-wait"), yes);
    }
    for (String no : List.of("N", "n", "0", "no", "false", "off", "Of")) {
      write("ignore-gfp-wait", "Y");
      write("ignore-gfp-wait", no);
      assertEquals("N", read("ignore-gfp-wait"), no);
    }
    for (String bad : List.of("", "2", "maybe", "o", "ox")) {
      assertEquals(Errno.EINVAL, refused("ignore-gfp-wait", bad), bad);
    }
  }

  @Test
  void verboseNoticesFollowLinuxAndNowarnSilencesThem() {
    write("probability", "100");
    write("times", "5");
    write("interval", "1");
    write("ignore-gfp-highmem", "N");
    assertTrue(fail.shouldFail(9));
    assertEquals(
        List.of(
            "FAULT_INJECTION: forcing a failure.\n"
                + "name fail_page_alloc, interval 1, probability 100, space 0, times 5"),
        notices);
    assertTrue(fail.shouldFail(9, Gfp.MOVABLE | Gfp.TRANSHUGE));
    write("verbose", "0");
    assertTrue(fail.shouldFail(9));
    assertEquals(1, notices.size());
    assertEquals(Errno.EINVAL, refused("verbose", "3"));
  }

  @Test
  void theSameSeedGivesTheSameFailures() {
    assertArrayEquals(run(1), run(1));
    assertFalse(Arrays.equals(run(1), run(2)));
  }

  private static boolean[] run(long seed) {
    FailPageAlloc f = new FailPageAlloc(new SplittableRandom(seed));
    for (Knob k : f.knobs()) {
      try {
        switch (k.path().substring(DIR.length())) {
          case "probability" -> k.write("50");
          case "times" -> k.write("-1");
          default -> {}
        }
      } catch (KnobException e) {
        throw new AssertionError(e);
      }
    }
    boolean[] out = new boolean[500];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.shouldFail(1 + i % 10);
    }
    return out;
  }

  @Test
  void theBootParameterSetsIntervalProbabilitySpaceAndTimes() {
    assertTrue(fail.setup("10,100,0,-1"));
    assertEquals("10", read("interval"));
    assertEquals("100", read("probability"));
    assertEquals("0", read("space"));
    assertEquals("-1", read("times"));
    int failed = 0;
    for (int i = 0; i < 100; i++) {
      failed += fail.shouldFail(2) ? 1 : 0;
    }
    assertEquals(10, failed);
    for (String bad : List.of("", "10,100,0", "10,101,0,-1", "a,1,0,1", "1,1,0,1,1")) {
      assertFalse(fail.setup(bad), bad);
    }
    assertEquals("10", read("interval"));
    assertEquals("100", read("probability"));
  }
}
