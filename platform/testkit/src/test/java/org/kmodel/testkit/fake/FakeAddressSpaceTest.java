package org.kmodel.testkit.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Setting up a fake address space and its ranges. */
class FakeAddressSpaceTest {
  private static final long G = 1L << 30;
  private static final long HUGE = 2L << 20;

  private final FakePromotionContext mm = new FakePromotionContext();

  @Test
  void vmasAreKeptInAddressOrderAndMayNotOverlap() {
    FakeAddressSpace p = mm.spawn("p").vma(2 * G, 1, 0).vma(G, 2, 0);
    assertEquals(List.of(G, 2 * G), p.vmas().stream().map(v -> v.start()).toList());
    assertThrows(IllegalArgumentException.class, () -> p.vma(G + HUGE, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> p.vma(G + 4096, 1, 0));
    assertEquals(G + 3 * HUGE, p.rangeStart(3));
    assertThrows(IllegalStateException.class, () -> mm.spawn("q").rangeStart(0));
  }

  @Test
  void rangesAreCreatedOnFirstUseInsideAVmaAndKeptAfter() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0);
    FakeRange r = p.range(G + HUGE);
    assertSame(r, p.range(G + HUGE));
    assertEquals(G + HUGE, r.start());
    assertSame(p.vmas().get(0), r.vma());
    assertTrue(r.inVma());
    assertEquals(512, r.none());
    assertThrows(IllegalArgumentException.class, () -> p.range(2 * G));
  }

  @Test
  void populateAndHugeFillRangesByIndex() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 4, 0).populateAll(100).populate(1, 487).huge(2, true);
    assertEquals(100, p.range(G).present());
    assertEquals(100, p.range(G).accessed());
    assertEquals(487, p.range(p.rangeStart(1)).accessed());
    assertTrue(p.range(G + 2 * HUGE).huge());
    assertEquals(100 + 487 + 512 + 100, p.anonPages());
    assertEquals(1, p.hugePages());
  }

  @Test
  void tableRejectsCountsThatDoNotFitTheRange() {
    FakeRange r = mm.spawn("p").vma(G, 1, 0).range(G);
    r.swapped = 100;
    assertThrows(IllegalArgumentException.class, () -> r.table(413, 0));
    assertThrows(IllegalArgumentException.class, () -> r.table(10, 11));
    assertThrows(IllegalArgumentException.class, () -> r.huge(false, 513));
    r.table(412, 0);
    assertEquals(0, r.none());
    assertEquals(512, r.populated());
    r.readOnly = 12;
    assertEquals(400, r.writable());
  }

  @Test
  void aStandaloneRangeServesRuleTests() {
    FakeRange r = new FakeRange(G, 512, FakeVma.anonymous(G, HUGE, 0));
    assertTrue(r.inVma());
    r.inVma = false;
    r.present = 461;
    assertFalse(r.inVma());
    assertEquals(51, r.none());
    assertFalse(new FakeRange(G, 512, null).inVma());
  }
}
