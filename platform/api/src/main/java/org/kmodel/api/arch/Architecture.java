package org.kmodel.api.arch;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;

/**
 * An architecture port: page-table geometry and the page orders the CPU can map. Registered as a
 * service in the {@code arch} slot.
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
}
