package org.kmodel.api.arch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;

/**
 * An architecture port: page-table geometry, the page orders the CPU can map, and how a CPU
 * profile's translation hardware fits its MMU. Registered as a service in the {@code arch} slot.
 *
 * <p>The kernel reads the geometry once per attach and caches what its fault path needs, so
 * implementations may compute these values freely. A kernel refuses to swap in an architecture
 * whose geometry differs from the current one while any process has page tables (an event records
 * the refusal); before the first process, or with equal geometry, a swap is allowed.
 */
public interface Architecture extends Plugin {

  /** Architectures usually hold no state; the default does nothing. */
  @Override
  default void attach(PluginContext context) {}

  /** The architecture's name as {@code uname -m} prints it, e.g. {@code x86_64}. */
  String machine();

  /** The page-table geometry. */
  PageTableGeometry geometry();

  /**
   * Page orders that transparent huge pages may use, largest first (x86-64: {@code [9]}, 2 MiB at
   * the PMD). Empty when the architecture has no PMD huge pages: the kernel then never takes the
   * THP fault path and THP knobs and counters are absent.
   */
  List<Integer> thpOrders();

  /**
   * Page orders mapped only by reservation (hugetlbfs), never transparently (x86-64: {@code [18]},
   * 1 GiB at the PUD).
   */
  List<Integer> reservationOrders();

  /** The CPU profile a scenario gets when it names none. */
  default String defaultCpuProfile() {
    return "generic";
  }

  /**
   * The profile as this MMU sees it: TLB arrays keep only page orders some level can map as a leaf
   * (an array left with none is dropped) and the walk cache keeps only levels the geometry has and
   * that point to lower tables.
   *
   * @throws IllegalArgumentException when the profile describes another architecture
   */
  default CpuProfile fitProfile(CpuProfile profile) {
    if (!profile.arch().equals(machine())) {
      throw new IllegalArgumentException(
          "CPU profile " + profile.name() + " describes " + profile.arch() + ", not " + machine());
    }
    PageTableGeometry g = geometry();
    List<CpuProfile.TlbSpec> tlbs = new ArrayList<>();
    for (CpuProfile.TlbSpec t : profile.tlbs()) {
      List<Integer> orders = t.orders().stream().filter(o -> g.leafLevelFor(o) != null).toList();
      if (!orders.isEmpty()) {
        tlbs.add(
            new CpuProfile.TlbSpec(
                t.name(), t.level(), orders, t.entries(), t.ways(), t.hitCycles()));
      }
    }
    Map<String, Integer> walkCache = new LinkedHashMap<>();
    List<PageTableLevel> levels = g.levels();
    for (int i = 0; i < levels.size() - 1; i++) {
      Integer entries = profile.walkCache().get(levels.get(i).name());
      if (entries != null && entries > 0) {
        walkCache.put(levels.get(i).name(), entries);
      }
    }
    return profile.withTranslation(tlbs, walkCache);
  }

  /**
   * Memory references of a two-dimensional walk under nested paging: each of the guest walk's g
   * references and the final guest-physical address is translated by a host walk of h references,
   * so (g + 1)(h + 1) − 1 in all (x86-64 with 4 levels: 24, 19 with one side on 2 MiB pages, 15
   * with both).
   *
   * @param guestOrder order of the guest's leaf mapping
   * @param hostOrder order of the host's leaf mapping of the guest-physical page
   */
  default int nestedWalkReferences(int guestOrder, int hostOrder) {
    int g = geometry().walkReferences(guestOrder);
    int h = geometry().walkReferences(hostOrder);
    return (g + 1) * (h + 1) - 1;
  }
}
