package org.kmodel.kernel.mm;

/**
 * Page-table entries as plain longs: flag bits in the low {@link #PAYLOAD_SHIFT} bits, a frame
 * number, table id or swap slot above them. One encoding serves every level and every architecture
 * (the model's own, not a hardware format), as on x86-64 where a PMD entry with the PSE bit is a
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

  /**
   * One of an aligned span of PTEs that map one physically contiguous run of a folio with the same
   * permissions (arm64's contiguous bit, RISC-V's Svnapot): the TLB may hold the span as one entry.
   */
  public static final long CONT = 1 << 8;

  /**
   * On a swap entry: the page was exclusive to this process when it went out ({@code
   * pte_swp_exclusive}, 5.19+), so reading it back needs no sharing check.
   */
  public static final long SWP_EXCLUSIVE = 1 << 9;

  /** Bits below the payload; they hold the flags above. */
  public static final int PAYLOAD_SHIFT = 12;

  private static final long FLAG_MASK = (1L << PAYLOAD_SHIFT) - 1;

  private Pte() {}

  public static long page(long pfn, boolean write) {
    return (pfn << PAYLOAD_SHIFT) | PRESENT | YOUNG | (write ? WRITE | DIRTY : 0);
  }

  public static long huge(long headPfn, boolean write) {
    return page(headPfn, write) | HUGE;
  }

  public static long zero(long pfn, boolean huge) {
    return (pfn << PAYLOAD_SHIFT) | PRESENT | ZERO | YOUNG | (huge ? HUGE : 0);
  }

  public static long table(int id) {
    return ((long) id << PAYLOAD_SHIFT) | TABLE;
  }

  public static long swap(long slot) {
    return (slot << PAYLOAD_SHIFT) | SWAP;
  }

  public static long swap(long slot, boolean exclusive) {
    return swap(slot) | (exclusive ? SWP_EXCLUSIVE : 0);
  }

  public static boolean swpExclusive(long e) {
    return (e & SWP_EXCLUSIVE) != 0;
  }

  public static long payload(long e) {
    return e >>> PAYLOAD_SHIFT;
  }

  /** The same entry with another payload (a page moved by migration). */
  public static long withPayload(long e, long payload) {
    return (e & FLAG_MASK) | (payload << PAYLOAD_SHIFT);
  }

  public static boolean isCont(long e) {
    return (e & CONT) != 0;
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

  public static long uncont(long e) {
    return e & ~CONT;
  }

  public static long mkwrite(long e) {
    return e | WRITE | DIRTY;
  }
}
