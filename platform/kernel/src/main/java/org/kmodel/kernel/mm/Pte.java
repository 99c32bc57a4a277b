package org.kmodel.kernel.mm;

/**
 * Page-table entries as plain longs: flag bits below bit 12, a frame number, table id or swap slot
 * above. One encoding serves every level, as on x86-64 where a PMD entry with the PSE bit is a
 * leaf.
 */
public final class Pte {
  public static final long NONE = 0;
  public static final long PRESENT = 1;
  public static final long WRITE = 1 << 1;

  /** Points to a lower-level table (payload = table id). */
  public static final long TABLE = 1 << 2;

  /** A leaf above the lowest level (a PMD-mapped huge page). */
  public static final long HUGE = 1 << 3;

  /** Not present: the page is in swap (payload = slot). */
  public static final long SWAP = 1 << 4;

  /** Maps the shared zero page or the huge zero page, read-only. */
  public static final long ZERO = 1 << 5;

  public static final long YOUNG = 1 << 6;
  public static final long DIRTY = 1 << 7;

  private static final int SHIFT = 12;

  private Pte() {}

  public static long page(long pfn, boolean write) {
    return (pfn << SHIFT) | PRESENT | YOUNG | (write ? WRITE | DIRTY : 0);
  }

  public static long huge(long headPfn, boolean write) {
    return page(headPfn, write) | HUGE;
  }

  public static long zero(long pfn, boolean huge) {
    return (pfn << SHIFT) | PRESENT | ZERO | YOUNG | (huge ? HUGE : 0);
  }

  public static long table(int id) {
    return ((long) id << SHIFT) | TABLE;
  }

  public static long swap(long slot) {
    return (slot << SHIFT) | SWAP;
  }

  public static long payload(long e) {
    return e >>> SHIFT;
  }

  public static boolean present(long e) {
    return (e & PRESENT) != 0;
  }

  public static boolean isTable(long e) {
    return (e & TABLE) != 0;
  }

  public static boolean isHuge(long e) {
    return (e & HUGE) != 0;
  }

  public static boolean isSwap(long e) {
    return (e & SWAP) != 0;
  }

  public static boolean isZero(long e) {
    return (e & ZERO) != 0;
  }

  public static boolean writable(long e) {
    return (e & WRITE) != 0;
  }

  public static long wrprotect(long e) {
    return e & ~WRITE;
  }

  public static long mkwrite(long e) {
    return e | WRITE | DIRTY;
  }
}
