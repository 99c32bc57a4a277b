package org.kmodel.kernel.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kmodel.api.fs.Footprint;

/** Footprints' conflicts, updates included, and the pseudo-objects {@code always} adds. */
class VisibilityTest {
  private static final Footprint INC = Footprint.of(Set.of(), Set.of(), Set.of("counter"));
  private static final Footprint READ = Footprint.of(Set.of("counter"), Set.of());
  private static final Footprint WRITE = Footprint.of(Set.of(), Set.of("counter"));
  private static final Footprint OTHER = Footprint.of(Set.of("x"), Set.of("y"), Set.of("z"));

  @Test
  void updatesCommuteWithUpdatesButNotWithReadsOrWrites() {
    assertFalse(INC.conflicts(INC));
    assertTrue(INC.conflicts(READ));
    assertTrue(READ.conflicts(INC));
    assertTrue(INC.conflicts(WRITE));
    assertTrue(WRITE.conflicts(INC));
    assertFalse(READ.conflicts(READ));
    assertFalse(INC.conflicts(OTHER));
    assertTrue(Footprint.EVERYTHING.conflicts(Footprint.NOTHING));
    assertFalse(Footprint.NOTHING.conflicts(OTHER));
    assertTrue(INC.plus(READ).conflicts(INC));
    assertTrue(INC.plus(Footprint.EVERYTHING).everything());
  }

  @Test
  void aDataPredicateSeesItsFileAndDataWritesOnly() {
    Visibility v = Visibility.ofMetrics(List.of("data.f.4K"));
    Footprint file = v.apply(Footprint.of(Set.of(), Set.of("inode:f")));
    Footprint other = v.apply(Footprint.of(Set.of(), Set.of("inode:g")));
    Footprint disk = v.apply(Footprint.of(Set.of(), Set.of("inode:g", "data:123")));
    Footprint reader = v.apply(Footprint.of(Set.of("inode:f"), Set.of()));
    assertTrue(file.conflicts(disk), "both can change data.f.4K");
    assertFalse(file.conflicts(other));
    assertFalse(reader.conflicts(other));
    assertSame(Footprint.EVERYTHING, v.apply(Footprint.EVERYTHING));
  }

  @Test
  void anyOtherMetricSeesEveryStepThatChangesSomething() {
    Visibility v = Visibility.ofMetrics(List.of("bg.2.reservations"));
    Footprint a = v.apply(INC);
    Footprint b = v.apply(OTHER);
    assertTrue(a.conflicts(b), "two changes the predicate may see stay in order");
    assertFalse(v.apply(READ).conflicts(v.apply(Footprint.of(Set.of("x"), Set.of()))));
    assertSame(INC, Visibility.NONE.apply(INC));
  }
}
