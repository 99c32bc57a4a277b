package org.kmodel.testkit.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.testkit.fake.FakeArchitecture;
import org.kmodel.testkit.fake.Geometries;

class KernelHarnessTest {

  private static KernelHarness.Builder x86() {
    return KernelHarness.builder()
        .arch(() -> new FakeArchitecture("x86_64", Geometries.x86_64()))
        .allocator(TestPlugins.FirstFit::new);
  }

  @Test
  void runsAScenarioOnTheScenariosMachineAndKeepsItsKernel() throws Exception {
    try (KernelHarness h = x86().thpPolicy(TestPlugins.AlwaysHuge::new).memory("64M").build()) {
      assertEquals(64 * 1024, h.meminfo("MemTotal"));
      RunResult r =
          h.run(
              """
              name: huge
              machine: {memory: 32M}
              steps:
                - spawn: p1
                - mmap: {pid: p1, as: a, size: 4M, align: 2M}
                - fill: {pid: p1, region: a, value: 1}
                - expect: {vmstat.thp_fault_alloc: 2, meminfo.AnonHugePages: 4096}
              """);
      assertTrue(r.ok(), r.failures().toString());
      assertEquals(32 * 1024, h.meminfo("MemTotal"), "the run's machine is current");
      assertEquals(2, h.vmstat("thp_fault_alloc"));
      assertEquals("1", h.cat(TestPlugins.AlwaysHuge.ENABLED));
      assertInstanceOf(TestPlugins.AlwaysHuge.class, h.plugin(ThpPolicy.SLOT));
    }
  }

  @Test
  void aFailedExpectationIsInTheResult() throws Exception {
    try (KernelHarness h = x86().thpPolicy(TestPlugins.AlwaysHuge::new).build()) {
      RunResult r =
          h.run(
              """
              name: wrong
              steps:
                - expect: {knob./sys/kernel/mm/test_thp/enabled: 0}
              """);
      assertFalse(r.ok());
      assertEquals(1, r.exitCode());
    }
  }

  @Test
  void scenariosSwapBetweenNamedPlugins() throws Exception {
    try (KernelHarness h =
        x86()
            .plugin(ThpPolicy.SLOT, "huge", 100, TestPlugins.AlwaysHuge::new)
            .plugin(ThpPolicy.SLOT, "small", 10, TestPlugins.NeverHuge::new)
            .build()) {
      RunResult r =
          h.run(
              """
              name: swap
              machine: {memory: 32M}
              steps:
                - spawn: p1
                - swap: {slot: thp-policy, to: small}
                - mmap: {pid: p1, as: a, size: 2M, align: 2M}
                - fill: {pid: p1, region: a, value: 1}
                - expect: {vmstat.thp_fault_alloc: 0}
              """);
      assertTrue(r.ok(), r.failures().toString());
      assertInstanceOf(TestPlugins.NeverHuge.class, h.plugin(ThpPolicy.SLOT));
    }
  }

  @Test
  void knobHelpersActOnTheCurrentKernel() throws KnobException {
    try (KernelHarness h = x86().thpPolicy(TestPlugins.AlwaysHuge::new).memory("16M").build()) {
      h.echo(TestPlugins.AlwaysHuge.ENABLED, "0");
      assertEquals("0", h.cat(TestPlugins.AlwaysHuge.ENABLED));
      assertEquals(
          Errno.EINVAL,
          assertThrows(KnobException.class, () -> h.echo(TestPlugins.AlwaysHuge.ENABLED, "2"))
              .errno());
      assertEquals(
          Errno.ENOENT,
          assertThrows(KnobException.class, () -> h.echo("/sys/kernel/mm/nothing", "1")).errno());
      assertThrows(IllegalArgumentException.class, () -> h.vmstat("no_such_counter"));
    }
  }

  @Test
  void aPluginThatCannotTakeItsSlotFailsTheBuild() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> KernelHarness.builder().allocator(TestPlugins.FirstFit::new).build());
    assertTrue(e.getMessage().contains("slot allocator stayed empty"), e.getMessage());
    assertTrue(e.getMessage().contains("no architecture"), e.getMessage());
  }

  @Test
  void invalidScenarioTextIsAScenarioException() {
    try (KernelHarness h = x86().thpPolicy(TestPlugins.AlwaysHuge::new).memory("16M").build()) {
      ScenarioException e =
          assertThrows(
              ScenarioException.class, () -> h.run("name: bad\nsteps:\n  - frobnicate: 1\n"));
      assertTrue(e.getMessage().contains("scenario.yaml:3"), e.getMessage());
    }
  }
}
