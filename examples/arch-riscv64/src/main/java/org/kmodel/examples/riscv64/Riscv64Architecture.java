package org.kmodel.examples.riscv64;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * RISC-V 64 with page-based virtual memory as Linux runs it on a hart that implements Sv48 (a
 * SiFive P550): 4K pages and 9 index bits at every level, and a leaf allowed at every level — 2M
 * megapages at L1 (the THP size) and 1G gigapages at L2 (hugetlbfs only); L3's 512G terapages are
 * never used for user memory. Linux's {@code no4lvl} boot parameter drops to Sv39 (three levels,
 * 39-bit addresses), as it does on real hardware.
 *
 * <p>Svnapot (64K naturally aligned spans of 16 PTEs) is optional in the ISA and absent on the
 * P550; {@code riscv64.svnapot} on the command line gives the hart the extension. The kernel then
 * folds 64K spans of large folios as arm64's contpte does — mainline RISC-V Linux uses Svnapot for
 * 64K hugetlb pages only, so this models a kernel that shares contpte with RISC-V.
 */
@Component(
    service = Architecture.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=arch-riscv64", "service.ranking:Integer=55"})
public final class Riscv64Architecture implements Architecture {
  /** Linux's boot parameter for Sv39 on a hart that could do more. */
  public static final String NO_4LVL = "no4lvl";

  /** The boot parameter giving the hart the Svnapot extension. */
  public static final String SVNAPOT = "riscv64.svnapot";

  private MachineGeometry geometry = geometry(false, false);

  @Override
  public void attach(PluginContext context) {
    geometry =
        geometry(context.bootParameter(NO_4LVL) != null, context.bootParameter(SVNAPOT) != null);
  }

  /** Sv39 or Sv48, with or without Svnapot. */
  static MachineGeometry geometry(boolean sv39, boolean svnapot) {
    List<PageTableLevel> levels = new ArrayList<>();
    if (!sv39) {
      levels.add(PageTableLevel.table("L3", 39, 9));
    }
    levels.add(PageTableLevel.leaf("L2", 30, 9));
    levels.add(PageTableLevel.leaf("L1", 21, 9));
    PageTableLevel l0 = PageTableLevel.leaf("L0", 12, 9);
    levels.add(svnapot ? l0.withContiguous(16) : l0);
    MachineGeometry.Builder b =
        MachineGeometry.builder().levels(levels.toArray(PageTableLevel[]::new)).thpOrders(9);
    return svnapot ? b.reservationOrders(18, 4).build() : b.reservationOrders(18).build();
  }

  @Override
  public String machine() {
    return "riscv64";
  }

  @Override
  public MachineGeometry geometry() {
    return geometry;
  }

  @Override
  public String defaultCpuProfile() {
    return "sifive-p550";
  }

  @Override
  public List<URL> cpuProfiles() {
    URL url = Riscv64Architecture.class.getResource("/cpu/sifive-p550.yaml");
    if (url == null) {
      throw new IllegalStateException("the bundle lost its CPU profile sifive-p550");
    }
    return List.of(url);
  }
}
