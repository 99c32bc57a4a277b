package org.kmodel.examples.arm64;

import java.net.URL;
import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.machine.MachineGeometry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * arm64 (AArch64) with the translation granule and virtual-address size a kernel is configured with
 * ({@code CONFIG_ARM64_4K_PAGES} / {@code _16K_} / {@code _64K_}, {@code CONFIG_ARM64_VA_BITS}). A
 * real kernel fixes both at build time; here the kernel command line picks them: {@code
 * arm64.granule=4K|16K|64K} (default 4K) and {@code arm64.va_bits=N} (default 48; 39 with 4K, 47
 * with 16K, 42 with 64K give one level fewer, as those Kconfig choices do).
 *
 * <p>Block mappings as Linux uses them: PMD (L2) blocks on every granule — 2M, 32M, 512M — which
 * are also the THP size; PUD (L1) 1G blocks only with 4K pages. Every leaf level has the contiguous
 * hint ({@code CONT_PTES}, {@code CONT_PMDS}): 16 PTEs = 64K and 16 PMDs = 32M on 4K, 128 PTEs = 2M
 * and 32 PMDs = 1G on 16K, 32 PTEs = 2M and 32 PMDs = 16G on 64K. The kernel marks PTE spans of
 * large folios contiguous as Linux's contpte code does (6.9+); PMD spans are hugetlbfs-only, so
 * they are reservation orders. The buddy allocator's largest order follows {@code
 * ARCH_FORCE_MAX_ORDER}: 10, 11 and 13, so that a 512M PMD page can be allocated on 64K.
 *
 * <p>Level names are Arm's (L0 at the top of a 4-level walk): CPU profiles key their walk caches by
 * them.
 */
@Component(
    service = Architecture.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=arch-arm64", "service.ranking:Integer=60"})
public final class Arm64Architecture implements Architecture {
  /** The boot parameter choosing the translation granule. */
  public static final String GRANULE = "arm64.granule";

  /** The boot parameter choosing the virtual-address bits. */
  public static final String VA_BITS = "arm64.va_bits";

  private MachineGeometry geometry = Granule.K4.geometry(48);

  @Override
  public void attach(PluginContext context) {
    Granule granule = Granule.parse(context.bootParameter(GRANULE));
    String va = context.bootParameter(VA_BITS);
    int vaBits;
    try {
      vaBits = va == null ? 48 : Integer.parseInt(va.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(VA_BITS + "=" + va + " is not a number of bits");
    }
    geometry = granule.geometry(vaBits);
  }

  @Override
  public String machine() {
    return "aarch64";
  }

  /** The geometry for the granule and VA size the command line chose at attach. */
  @Override
  public MachineGeometry geometry() {
    return geometry;
  }

  /** A Neoverse N1 (AWS Graviton2): the commonest arm64 server core in the clouds. */
  @Override
  public String defaultCpuProfile() {
    return "neoverse-n1";
  }

  /** Neoverse N1 and V2 profiles, each figure with its source. */
  @Override
  public List<URL> cpuProfiles() {
    return List.of(profile("neoverse-n1"), profile("neoverse-v2"));
  }

  private static URL profile(String name) {
    URL url = Arm64Architecture.class.getResource("/cpu/" + name + ".yaml");
    if (url == null) {
      throw new IllegalStateException("the bundle lost its CPU profile " + name);
    }
    return url;
  }
}
