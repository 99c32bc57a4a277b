package org.kmodel.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's keys dropped in one pass leave a TLB array as dropping them one by one does. */
class InvalidateRunTest {
  @ParameterizedTest(name = "{0} entries, {1} ways, stride {2}")
  @CsvSource({"1536, 12, 1", "1536, 12, 3", "64, 4, 1", "2048, 16, 2", "64, 64, 1", "96, 96, 5"})
  void onePassEqualsOneByOne(int entries, int ways, int stride) {
    SplittableRandom r = new SplittableRandom(entries * 31L + stride);
    for (int round = 0; round < 50; round++) {
      TlbArray pass = TlbArray.of(entries, ways);
      TlbArray each = TlbArray.of(entries, ways);
      long base = r.nextLong(1 << 20);
      for (int i = 0; i < 3 * entries; i++) {
        int asid = r.nextInt(3);
        int order = r.nextInt(4) == 0 ? 9 : 0;
        long key = TlbArray.key(asid, order, base + r.nextLong(4 * entries));
        if (!pass.lookup(key)) {
          pass.insert(key);
        }
        if (!each.lookup(key)) {
          each.insert(key);
        }
      }
      long before = pass.digest();
      long first = base + r.nextLong(entries);
      int count = 1 + r.nextInt(2 * entries);
      boolean anyHeld = false;
      for (int i = 0; i < count; i++) {
        anyHeld |= each.holds(TlbArray.key(1, 0, first + (long) i * stride));
      }
      assertEquals(anyHeld, pass.holdsRun(1, 0, first, stride, count), "held before");
      assertEquals(before, pass.digest(), "asking changes nothing");
      pass.invalidateRun(1, 0, first, stride, count);
      assertFalse(pass.holdsRun(1, 0, first, stride, count), "held after");
      for (int i = 0; i < count; i++) {
        each.invalidate(TlbArray.key(1, 0, first + (long) i * stride));
      }
      assertEquals(each.digest(), pass.digest(), "round " + round);
      if (round == 0 && count > 10) {
        assertNotEquals(before, pass.digest(), "the run should have held some of the keys");
      }
    }
  }
}
