package org.kmodel.testkit.fake;

import java.util.Objects;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;

/**
 * An architecture that declares a given geometry and ships no CPU profile (the kernel charges time
 * with its {@code generic} profile). It lets a kernel harness run an allocator or a THP policy on
 * any geometry without an architecture bundle:
 *
 * <pre>
 * KernelHarness.builder().arch(() -&gt; new FakeArchitecture("x86_64", Geometries.x86_64()))
 * </pre>
 */
public final class FakeArchitecture implements Architecture {
  private final String machine;
  private final MachineGeometry geometry;

  /**
   * @param machine the name {@code uname -m} would print, e.g. {@code x86_64}
   * @param geometry what {@link #geometry()} returns for the whole time the architecture is
   *     attached
   */
  public FakeArchitecture(String machine, MachineGeometry geometry) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.geometry = Objects.requireNonNull(geometry, "geometry");
  }

  @Override
  public String machine() {
    return machine;
  }

  @Override
  public MachineGeometry geometry() {
    return geometry;
  }
}
