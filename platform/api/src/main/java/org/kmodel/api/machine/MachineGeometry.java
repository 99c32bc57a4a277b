package org.kmodel.api.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The shape of a machine's memory as its architecture defines it: the page-table levels from the
 * top down to the level that maps base pages, which of them may map memory directly (and in
 * contiguous spans), the page orders transparent huge pages may use, and the largest block the page
 * allocator serves. The kernel pins one geometry at boot and takes every size from it: the frame
 * table, page tables, swap slots, the cost model, scenario validation and messages.
 *
 * <p>Orders count base pages: order {@code o} is {@code 1 << (pageShift() + o)} bytes. Immutable;
 * made with {@link #builder()}.
 */
@ProviderType
public final class MachineGeometry {
  /** Linux's default {@code MAX_PAGE_ORDER}: the largest buddy block, 4 MiB with 4K pages. */
  public static final int DEFAULT_MAX_PAGE_ORDER = 10;

  private final List<PageTableLevel> levels;
  private final List<Integer> thpOrders;
  private final List<Integer> reservationOrders;
  private final int maxPageOrder;

  private MachineGeometry(Builder b) {
    if (b.levels.isEmpty()) {
      throw new IllegalArgumentException("a page table needs at least one level");
    }
    this.levels = List.copyOf(b.levels);
    for (int i = 1; i < levels.size(); i++) {
      PageTableLevel up = levels.get(i - 1);
      PageTableLevel down = levels.get(i);
      if (up.shift() != down.shift() + down.indexBits()) {
        throw new IllegalArgumentException(
            "level " + up.name() + " does not sit directly above " + down.name());
      }
    }
    PageTableLevel lowest = levels.get(levels.size() - 1);
    if (!lowest.leaf()) {
      throw new IllegalArgumentException("the lowest level, " + lowest.name() + ", must map pages");
    }
    this.thpOrders = descending(b.thpOrders);
    for (int order : thpOrders) {
      int level = levelIndexFor(order);
      if (level < 0 || level == levels.size() - 1 || isContiguous(order)) {
        throw new IllegalArgumentException(
            "THP order " + order + " is not mapped by a leaf entry above the lowest level");
      }
    }
    this.reservationOrders = descending(b.reservationOrders);
    for (int order : reservationOrders) {
      if (levelIndexFor(order) < 0) {
        throw new IllegalArgumentException(
            "reservation order " + order + " is mapped by no leaf entry or contiguous span");
      }
    }
    int max = b.maxPageOrder >= 0 ? b.maxPageOrder : DEFAULT_MAX_PAGE_ORDER;
    if (b.maxPageOrder < 0 && !thpOrders.isEmpty()) {
      max = Math.max(max, thpOrders.get(0));
    }
    if (!thpOrders.isEmpty() && max < thpOrders.get(0)) {
      throw new IllegalArgumentException(
          "max page order " + max + " is below THP order " + thpOrders.get(0));
    }
    if (max < 0 || pageShift() + max > 40) {
      throw new IllegalArgumentException("max page order " + max + " out of range");
    }
    this.maxPageOrder = max;
  }

  private static List<Integer> descending(List<Integer> orders) {
    List<Integer> out = new ArrayList<>(new TreeSet<>(orders).descendingSet());
    if (!out.isEmpty() && out.get(out.size() - 1) <= 0) {
      throw new IllegalArgumentException("huge page orders must be positive: " + orders);
    }
    return List.copyOf(out);
  }

  /** A builder with no levels, no THP, no reservation orders and the default max page order. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this geometry's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.levels.addAll(levels);
    b.thpOrders.addAll(thpOrders);
    b.reservationOrders.addAll(reservationOrders);
    b.maxPageOrder = maxPageOrder;
    return b;
  }

  /** Levels from the top (the root table) down to the level that maps base pages. */
  public List<PageTableLevel> levels() {
    return levels;
  }

  /** The number of levels: memory references of a walk to a base page. */
  public int depth() {
    return levels.size();
  }

  /** The base page shift (12 for 4 KiB pages, 16 for arm64's 64K granule). */
  public int pageShift() {
    return levels.get(levels.size() - 1).shift();
  }

  /** The base page size in bytes. */
  public long pageSize() {
    return 1L << pageShift();
  }

  /** Virtual address bits the tables translate. */
  public int virtualAddressBits() {
    PageTableLevel top = levels.get(0);
    return top.shift() + top.indexBits();
  }

  /** The order a single entry of level {@code index} maps. */
  public int orderOf(int index) {
    return levels.get(index).shift() - pageShift();
  }

  /**
   * Page orders mapped by a single leaf entry of some level, ascending (0, the base page, first).
   */
  public List<Integer> leafOrders() {
    List<Integer> out = new ArrayList<>();
    for (int i = levels.size() - 1; i >= 0; i--) {
      if (levels.get(i).leaf()) {
        out.add(orderOf(i));
      }
    }
    return List.copyOf(out);
  }

  /** Page orders mapped by a contiguous span of leaf entries of some level, ascending. */
  public List<Integer> contiguousOrders() {
    List<Integer> out = new ArrayList<>();
    for (int i = levels.size() - 1; i >= 0; i--) {
      int n = levels.get(i).contiguousEntries();
      if (n != 0) {
        out.add(orderOf(i) + Integer.numberOfTrailingZeros(n));
      }
    }
    return List.copyOf(out);
  }

  /** Every order one TLB entry may translate: leaf orders and contiguous spans, ascending. */
  public List<Integer> mappableOrders() {
    TreeSet<Integer> all = new TreeSet<>(leafOrders());
    all.addAll(contiguousOrders());
    return List.copyOf(all);
  }

  /**
   * The index (0 = top) of the level whose leaf entry, or contiguous span of leaf entries, maps
   * pages of {@code order}; -1 when none does. A single entry wins over a span of lower entries.
   */
  public int levelIndexFor(int order) {
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).leaf() && orderOf(i) == order) {
        return i;
      }
    }
    for (int i = 0; i < levels.size(); i++) {
      int n = levels.get(i).contiguousEntries();
      if (n != 0 && orderOf(i) + Integer.numberOfTrailingZeros(n) == order) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code order} is mapped by a contiguous span rather than by one entry. */
  public boolean isContiguous(int order) {
    int i = levelIndexFor(order);
    return i >= 0 && orderOf(i) != order;
  }

  /**
   * Memory references a native walk makes to translate a page of {@code order}: one per level down
   * to the level that maps it (a contiguous span is read as one of its entries).
   *
   * @throws IllegalArgumentException when no level maps that order
   */
  public int walkReferences(int order) {
    int i = levelIndexFor(order);
    if (i < 0) {
      throw new IllegalArgumentException("no leaf entry or contiguous span maps order " + order);
    }
    return i + 1;
  }

  /**
   * Orders of leaf entries above the lowest level that anonymous memory may use transparently,
   * largest first (x86-64: {@code [9]}, the 2M PMD). Empty when the architecture has no transparent
   * huge pages. The kernel maps these at the level above the lowest (the PMD); with any such order
   * it may also back anonymous memory with PTE-mapped folios of orders 2 up to the PMD order, as
   * Linux's multi-size THP does, and marks them contiguous where a span fits.
   */
  public List<Integer> thpOrders() {
    return thpOrders;
  }

  /**
   * Orders mapped only by reservation (hugetlbfs), never transparently, largest first (x86-64:
   * {@code [18]}, the 1G PUD).
   */
  public List<Integer> reservationOrders() {
    return reservationOrders;
  }

  /** The largest block the page allocator serves (Linux's {@code MAX_PAGE_ORDER}). */
  public int maxPageOrder() {
    return maxPageOrder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MachineGeometry g
        && g.levels.equals(levels)
        && g.thpOrders.equals(thpOrders)
        && g.reservationOrders.equals(reservationOrders)
        && g.maxPageOrder == maxPageOrder;
  }

  @Override
  public int hashCode() {
    return Objects.hash(levels, thpOrders, reservationOrders, maxPageOrder);
  }

  @Override
  public String toString() {
    return "MachineGeometry"
        + levels
        + ", thp "
        + thpOrders
        + ", reservation "
        + reservationOrders
        + ", max order "
        + maxPageOrder;
  }

  /** Collects a geometry's values; {@link #build()} checks them. Not thread-safe. */
  @ProviderType
  public static final class Builder {
    private final List<PageTableLevel> levels = new ArrayList<>();
    private final List<Integer> thpOrders = new ArrayList<>();
    private final List<Integer> reservationOrders = new ArrayList<>();
    private int maxPageOrder = -1;

    private Builder() {}

    /** Sets the levels, top first, replacing any set before. */
    public Builder levels(PageTableLevel... top) {
      levels.clear();
      levels.addAll(List.of(top));
      return this;
    }

    /** Sets the THP orders (see {@link MachineGeometry#thpOrders()}). */
    public Builder thpOrders(int... orders) {
      thpOrders.clear();
      for (int o : orders) {
        thpOrders.add(o);
      }
      return this;
    }

    /** Sets the reservation orders (see {@link MachineGeometry#reservationOrders()}). */
    public Builder reservationOrders(int... orders) {
      reservationOrders.clear();
      for (int o : orders) {
        reservationOrders.add(o);
      }
      return this;
    }

    /**
     * Sets the largest block the page allocator serves; by default {@link #DEFAULT_MAX_PAGE_ORDER},
     * raised to the largest THP order.
     */
    public Builder maxPageOrder(int order) {
      maxPageOrder = order;
      return this;
    }

    /**
     * The geometry.
     *
     * @throws IllegalArgumentException when the levels do not stack, the lowest maps no pages, or
     *     an order is mapped by no level
     */
    public MachineGeometry build() {
      return new MachineGeometry(this);
    }
  }
}
