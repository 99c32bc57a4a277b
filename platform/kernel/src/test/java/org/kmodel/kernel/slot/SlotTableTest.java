package org.kmodel.kernel.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.event.Event;

class SlotTableTest {
  private final Kernel kernel = Kernel.create(KernelConfig.ofMemory(64L << 20));
  private final SlotTable slots = kernel.slots();

  /** The THP policy's slot waits for a machine: an architecture pins one first. */
  SlotTableTest() {
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                Architecture.SLOT,
                "x86",
                1,
                () -> TestPlugins.arch("x86_64", TestPlugins.FOUR_LEVEL))));
    slots.applyPending();
  }

  private List<Event> policySwaps() {
    return kernel.events().ofType("swap").stream()
        .filter(e -> "thp-policy".equals(e.data().get("slot")))
        .toList();
  }

  private ManualProvider policy(String name, int ranking) {
    return new ManualProvider(ThpPolicy.SLOT, name, ranking, TestPlugins.KnobPolicy::new);
  }

  @Test
  void theHighestRankingImplementationFillsTheSlotAndTheSwapIsLogged() {
    slots.offer(SlotUpdate.added(policy("low", 10)));
    slots.offer(SlotUpdate.added(policy("high", 100)));
    assertTrue(slots.applyPending());
    assertEquals("high", kernel.thpPolicy().occupantName());
    List<Event> swaps = policySwaps();
    assertEquals(1, swaps.size());
    assertEquals("(empty)", swaps.get(0).data().get("from"));
    assertEquals("high", swaps.get(0).data().get("to"));
  }

  @Test
  void offersAreOnlyAppliedBetweenStepsNotWhenQueued() {
    slots.offer(SlotUpdate.added(policy("p", 1)));
    assertTrue(kernel.thpPolicy().isEmpty());
    assertTrue(slots.hasPending());
    slots.applyPending();
    assertNotNull(kernel.thpPolicy().get());
  }

  @Test
  void aPinnedNameBeatsRankingAndAnUnknownPinLeavesTheOccupant() {
    slots.offer(SlotUpdate.added(policy("low", 10)));
    slots.offer(SlotUpdate.added(policy("high", 100)));
    slots.applyPending();
    assertNull(slots.pin(ThpPolicy.SLOT, "low", "test"));
    assertEquals("low", kernel.thpPolicy().occupantName());
    slots.pin(ThpPolicy.SLOT, "nobody", "test");
    assertEquals("low", kernel.thpPolicy().occupantName());
  }

  @Test
  void aSlotPinnedToANameNobodyOffersStaysEmptyAndSaysWhy() {
    slots.pin(ThpPolicy.SLOT, "thp-nonexistent", "scenario");
    slots.offer(SlotUpdate.added(policy("thp-linux", 10)));
    slots.applyPending();
    assertTrue(kernel.thpPolicy().isEmpty(), "a pin is never silently another implementation");
    assertEquals(
        "it is pinned to 'thp-nonexistent', which no active bundle offers (offered: thp-linux)",
        slots.whyEmpty(ThpPolicy.SLOT));
  }

  @Test
  void aSwapMovesKnobOwnershipAndCarriesValuesTheNewPolicyAccepts() throws KnobException {
    ManualProvider first = policy("first", 100);
    slots.offer(SlotUpdate.added(first));
    slots.applyPending();
    kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED).write("never");
    TestPlugins.KnobPolicy old = (TestPlugins.KnobPolicy) kernel.thpPolicy().get();

    slots.offer(SlotUpdate.added(policy("second", 200)));
    slots.applyPending();

    TestPlugins.KnobPolicy now = (TestPlugins.KnobPolicy) kernel.thpPolicy().get();
    assertEquals(1, old.detaches);
    assertEquals(1, first.released());
    assertEquals("never", now.enabled.get());
    assertSame(now.enabled, kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED));
  }

  @Test
  void aValueTheNewPolicyRejectsIsNotCarriedAndSaysSo() throws KnobException {
    slots.offer(SlotUpdate.added(policy("first", 100)));
    slots.applyPending();
    kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED).write("madvise");
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                ThpPolicy.SLOT,
                "two-choice",
                200,
                () -> new TestPlugins.KnobPolicy(List.of("always", "never")))));
    slots.applyPending();
    assertEquals("always", kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED).value());
    assertTrue(
        kernel.events().ofType("warning").stream()
            .anyMatch(e -> e.message().contains("not carried over")));
  }

  @Test
  void aPluginThatFailsToAttachIsRefusedAndTheOldOneStays() {
    slots.offer(SlotUpdate.added(policy("good", 100)));
    slots.applyPending();
    ThpPolicy good = kernel.thpPolicy().get();
    ManualProvider broken =
        new ManualProvider(ThpPolicy.SLOT, "broken", 500, TestPlugins.BrokenPolicy::new);
    slots.offer(SlotUpdate.added(broken));
    slots.applyPending();
    assertEquals("good", kernel.thpPolicy().occupantName());
    assertNotNull(kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED));
    assertEquals(2, ((TestPlugins.KnobPolicy) kernel.thpPolicy().get()).attaches);
    assertNotNull(good);
    assertEquals(1, broken.released());
    assertTrue(
        kernel.events().ofType("warning").stream()
            .anyMatch(e -> e.message().contains("broken") && e.message().contains("cannot start")));
  }

  @Test
  void pinningToAPluginThatFailsReportsTheRefusal() {
    slots.offer(SlotUpdate.added(policy("good", 100)));
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(ThpPolicy.SLOT, "broken", 1, TestPlugins.BrokenPolicy::new)));
    slots.applyPending();
    String refusal = slots.pin(ThpPolicy.SLOT, "broken", "test");
    assertNotNull(refusal);
    assertTrue(refusal.contains("cannot start"), refusal);
    assertEquals("good", kernel.thpPolicy().occupantName());
  }

  @Test
  void removingTheOccupantFallsBackToTheNextAndRemovingTheLastEmptiesTheSlot() {
    ManualProvider a = policy("a", 100);
    ManualProvider b = policy("b", 50);
    slots.offer(SlotUpdate.added(a));
    slots.offer(SlotUpdate.added(b));
    slots.applyPending();
    slots.offer(SlotUpdate.removed(a));
    slots.applyPending();
    assertEquals("b", kernel.thpPolicy().occupantName());
    slots.offer(SlotUpdate.removed(b));
    slots.applyPending();
    assertTrue(kernel.thpPolicy().isEmpty());
    assertNull(kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED));
  }

  @Test
  void anEvictedPluginIsReplacedAndNotChosenAgain() {
    slots.offer(SlotUpdate.added(policy("flaky", 100)));
    slots.offer(SlotUpdate.added(policy("steady", 50)));
    slots.applyPending();
    slots.evict(ThpPolicy.SLOT, "threw in faultOrders");
    assertEquals("steady", kernel.thpPolicy().occupantName());
    slots.offer(SlotUpdate.added(policy("other", 10)));
    slots.applyPending();
    assertEquals("steady", kernel.thpPolicy().occupantName());
  }

  @Test
  void anArchitectureWithOtherGeometryIsRefusedOnceProcessesExist() {
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                Architecture.SLOT,
                "four",
                100,
                () -> TestPlugins.arch("x86_64", TestPlugins.FOUR_LEVEL))));
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                Architecture.SLOT,
                "three",
                10,
                () -> TestPlugins.arch("generic", TestPlugins.THREE_LEVEL))));
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                PageAllocator.SLOT, "first-fit", 1, TestPlugins.FirstFitAllocator::new)));
    slots.applyPending();
    assertNull(slots.pin(Architecture.SLOT, "three", "before any process"));
    assertEquals("generic", kernel.architecture().get().machine());
    kernel.mm().spawn("p1");
    String refusal = slots.pin(Architecture.SLOT, "four", "with a process");
    assertNotNull(refusal);
    assertTrue(refusal.contains("page tables"), refusal);
    assertEquals("generic", kernel.architecture().get().machine());
  }

  @Test
  void anArchitectureSwapReattachesTheThpPolicySoItSeesTheNewGeometry() {
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                Architecture.SLOT,
                "four",
                100,
                () -> TestPlugins.arch("x86_64", TestPlugins.FOUR_LEVEL))));
    slots.offer(
        SlotUpdate.added(
            new ManualProvider(
                Architecture.SLOT,
                "three",
                10,
                () -> TestPlugins.arch("generic", TestPlugins.THREE_LEVEL))));
    slots.offer(SlotUpdate.added(policy("p", 1)));
    slots.applyPending();
    slots.pin(Architecture.SLOT, "three", "test");
    assertEquals(2, ((TestPlugins.KnobPolicy) kernel.thpPolicy().get()).attaches);
  }

  @Test
  void detachAllDetachesAndReleasesEveryOccupant() {
    ManualProvider p = policy("p", 1);
    slots.offer(SlotUpdate.added(p));
    slots.applyPending();
    TestPlugins.KnobPolicy plugin = (TestPlugins.KnobPolicy) kernel.thpPolicy().get();
    kernel.shutdown();
    assertEquals(1, plugin.detaches);
    assertEquals(1, p.released());
    assertTrue(kernel.thpPolicy().isEmpty());
    assertNull(kernel.knobTree().find(TestPlugins.KnobPolicy.ENABLED));
  }
}
