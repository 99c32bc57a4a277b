package org.kmodel.testkit.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.knob.ReadOnlyKnob;

/** The fake keeps the kernel's side of the plugin contract. */
class FakePluginContextTest {
  private static final String ENABLED = "/sys/kernel/mm/test/enabled";
  private final FakePluginContext kernel = new FakePluginContext(Geometries.x86_64());

  @Test
  void catAndEchoBehaveAsTheKnobFiles() throws KnobException {
    kernel.knobs().register(new ChoiceKnob(ENABLED, List.of("always", "never"), "always"));
    kernel.knobs().register(new LongKnob("/sys/kernel/mm/test/pages", 1, 512, 8));
    kernel.knobs().register(new ReadOnlyKnob("/sys/kernel/mm/test/size", () -> "2097152"));

    kernel.echo(ENABLED, " never\n");
    assertEquals("always [never]", kernel.cat(ENABLED));
    assertEquals(
        Errno.EINVAL, assertThrows(KnobException.class, () -> kernel.echo(ENABLED, "x")).errno());
    assertEquals(
        Errno.EINVAL,
        assertThrows(KnobException.class, () -> kernel.echo("/sys/kernel/mm/test/pages", "0"))
            .errno());
    assertEquals(
        Errno.EPERM,
        assertThrows(KnobException.class, () -> kernel.echo("/sys/kernel/mm/test/size", "1"))
            .errno());
    assertEquals(
        Errno.ENOENT,
        assertThrows(KnobException.class, () -> kernel.echo("/sys/kernel/mm/none", "1")).errno());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> kernel.cat("/sys/kernel/mm/none"))
            .getMessage()
            .contains("No such file or directory"));
  }

  @Test
  void knobPathsAreUniqueAbsoluteFilePaths() {
    kernel.knobs().register(new LongKnob(ENABLED, 0, 1, 1));
    assertThrows(
        IllegalStateException.class, () -> kernel.knobs().register(new LongKnob(ENABLED, 0, 1, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> kernel.knobs().register(new LongKnob("relative/path", 0, 1, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> kernel.knobs().register(new LongKnob("/sys/dir/", 0, 1, 0)));
  }

  @Test
  void countersAreVmstatNamesAndStay() {
    kernel.counters().counter("thp_test_alloc").add(3);
    assertSame(
        kernel.counters().counter("thp_test_alloc"), kernel.counters().find("thp_test_alloc"));
    assertEquals(3, kernel.vmstat("thp_test_alloc"));
    assertThrows(IllegalArgumentException.class, () -> kernel.counters().counter("Bad-Name"));
    assertThrows(IllegalArgumentException.class, () -> kernel.vmstat("thp_never_registered"));
  }

  @Test
  void bootParametersEventsAndTime() {
    kernel
        .boot("transparent_hugepage", "never")
        .boot("quiet", "")
        .boot("transparent_hugepage", "madvise");
    assertEquals("madvise", kernel.bootParameter("transparent_hugepage"));
    assertEquals("", kernel.bootParameter("quiet"));
    assertNull(kernel.bootParameter("absent"));

    kernel.event("warning", "something");
    assertEquals(List.of("warning: something"), kernel.events());

    assertEquals(0, kernel.nowNanos());
    kernel.setNowNanos(1_000).advanceNanos(500);
    assertEquals(1_500, kernel.nowNanos());
    assertThrows(IllegalArgumentException.class, () -> kernel.setNowNanos(10));
  }

  @Test
  void framesAreThereOnlyWhenGiven() {
    IllegalStateException e = assertThrows(IllegalStateException.class, kernel::frames);
    assertTrue(e.getMessage().contains("no frame table"), e.getMessage());

    ArrayFrameTable frames = new ArrayFrameTable(16);
    assertSame(frames, new FakePluginContext(Geometries.basePagesOnly(), frames).frames());
  }

  @Test
  void migrationMovesOnlyMovablePagesToFreeFrames() {
    ArrayFrameTable frames = new ArrayFrameTable(8);
    frames.mark(0, 1, ArrayFrameTable.Use.MOVABLE);
    frames.mark(2, 0, ArrayFrameTable.Use.UNMOVABLE);
    assertEquals(5, frames.freeFrames());
    assertTrue(frames.migrate(0, 7));
    assertEquals(ArrayFrameTable.Use.FREE, frames.use(0));
    assertEquals(ArrayFrameTable.Use.MOVABLE, frames.use(7));
    assertEquals(false, frames.migrate(2, 6), "unmovable");
    assertEquals(false, frames.migrate(1, 7), "target in use");
    frames.refuseMigration(1);
    assertEquals(false, frames.migrate(1, 6), "refused");
    assertEquals(frames.freeFrames(), frames.copy().freeFrames());
  }

  @Test
  void readyMadeGeometriesAreTheShippedArchitectures() {
    assertEquals(List.of(9), Geometries.x86_64().thpOrders());
    assertEquals(List.of(18), Geometries.x86_64().reservationOrders());
    assertEquals(4, Geometries.x86_64().depth());
    assertEquals(List.of(), Geometries.basePagesOnly().thpOrders());
    assertEquals(4096, Geometries.basePagesOnly().pageSize());
  }
}
