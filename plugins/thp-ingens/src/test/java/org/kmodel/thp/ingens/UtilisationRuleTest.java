package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.testkit.fake.FakeRange;
import org.kmodel.testkit.fake.FakeVma;

/** Which ranges Ingens promotes: the utilisation threshold and the VMA's eligibility. */
class UtilisationRuleTest {
  private static final int ALWAYS = IngensSysfs.ENABLED_ALWAYS;
  private static final long BASE = 1L << 30;
  private static final long HUGE = 2L << 20;

  private static FakeRange range(int present, int swapped) {
    FakeRange r = new FakeRange(BASE, 512, FakeVma.anonymous(BASE, HUGE, 0));
    r.present = present;
    r.swapped = swapped;
    return r;
  }

  @ParameterizedTest(name = "{0}% of {1} pages needs {2}")
  @CsvSource({"90, 512, 461", "100, 512, 512", "1, 512, 6", "50, 512, 256", "90, 8192, 7373"})
  void populatedNeededRoundsUp(long util, int pages, int needed) {
    assertEquals(needed, UtilisationRule.populatedNeeded(pages, util));
  }

  @Test
  void aRangeQualifiesFromNinetyPercentPopulated() {
    assertFalse(UtilisationRule.candidate(range(460, 0), ALWAYS, 90), "460 pages are 89.8%");
    assertTrue(UtilisationRule.candidate(range(461, 0), ALWAYS, 90), "461 pages are 90.04%");
    assertTrue(UtilisationRule.candidate(range(487, 0), ALWAYS, 90), "95%");
    assertFalse(UtilisationRule.candidate(range(256, 0), ALWAYS, 90), "50%");
    assertTrue(UtilisationRule.candidate(range(256, 0), ALWAYS, 50), "50% at util_threshold 50");
  }

  @Test
  void swappedPagesCountAsPopulated() {
    assertTrue(UtilisationRule.candidate(range(400, 61), ALWAYS, 90));
    assertFalse(UtilisationRule.candidate(range(400, 60), ALWAYS, 90));
  }

  @Test
  void aHugeRangeOrOneOutsideItsVmaIsNoCandidate() {
    FakeRange huge = range(0, 0);
    huge.huge = true;
    assertFalse(UtilisationRule.candidate(huge, ALWAYS, 1));
    FakeRange straddling = range(512, 0);
    straddling.inVma = false;
    assertFalse(UtilisationRule.candidate(straddling, ALWAYS, 90));
  }

  @ParameterizedTest(name = "enabled={0} madvise={1} anonymous={2} -> {3}")
  @CsvSource({
    "0, -,          true,  true",
    "0, hugepage,   true,  true",
    "0, nohugepage, true,  false",
    "1, -,          true,  false",
    "1, hugepage,   true,  true",
    "1, nohugepage, true,  false",
    "2, -,          true,  false",
    "2, hugepage,   true,  false",
    "0, -,          false, false",
    "1, hugepage,   false, false",
  })
  void eligibility(int enabled, String madvise, boolean anonymous, boolean eligible) {
    long flags =
        switch (madvise) {
          case "hugepage" -> VmFlags.HUGEPAGE;
          case "nohugepage" -> VmFlags.NOHUGEPAGE;
          default -> 0;
        };
    FakeVma vma =
        anonymous ? FakeVma.anonymous(BASE, HUGE, flags) : FakeVma.file(BASE, HUGE, flags);
    assertEquals(eligible, UtilisationRule.eligible(vma, enabled));
    FakeRange full = range(512, 0);
    full.vma = vma;
    assertEquals(eligible, UtilisationRule.candidate(full, enabled, 90));
  }
}
