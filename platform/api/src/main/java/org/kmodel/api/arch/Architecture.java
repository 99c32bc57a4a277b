package org.kmodel.api.arch;

import java.net.URL;
import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.SlotId;
import org.kmodel.api.machine.MachineGeometry;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An architecture port: the machine geometry (page-table levels, leaf and contiguous mappings, THP
 * orders, the largest allocator block) and the CPU profiles written for its cores. Registered as a
 * service in the {@code arch} slot.
 *
 * <p>The kernel reads {@link #geometry()} right after {@link #attach} and pins it: frames, page
 * tables, swap slots and the cost model take their sizes from it, and scenario sizes are checked
 * against it. A geometry may depend on boot parameters read in {@code attach} (a translation
 * granule, say). A kernel refuses to swap in an architecture whose geometry differs from the pinned
 * one while any process has page tables (an event records the refusal); before the first process
 * the machine is rebuilt for the new geometry.
 */
@ConsumerType
public interface Architecture extends Plugin {

  /** The slot architectures fill. */
  SlotId<Architecture> SLOT = SlotId.of("arch", Architecture.class);

  /** Architectures usually hold no state; the default does nothing. */
  @Override
  default void attach(PluginContext context) {}

  /**
   * The architecture's name as {@code uname -m} prints it, e.g. {@code x86_64}, {@code aarch64}.
   */
  String machine();

  /** The geometry; the same value for the whole time the architecture is attached. */
  MachineGeometry geometry();

  /**
   * The CPU profile a scenario gets when it names none: a name from {@link #cpuProfiles()} or from
   * the kernel's own profiles.
   */
  default String defaultCpuProfile() {
    return "generic";
  }

  /**
   * CPU profiles this port ships, as YAML files in the kernel's profile format ({@code
   * docs/COSTMODEL.md}), each named {@code NAME.yaml}; usually resources of the plugin's own
   * bundle. A scenario's {@code machine.cpu: NAME} finds them after the installation's {@code
   * conf/cpu/} and before the profiles built into the kernel. The default ships none.
   */
  default List<URL> cpuProfiles() {
    return List.of();
  }
}
