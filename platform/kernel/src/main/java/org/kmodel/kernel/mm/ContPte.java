package org.kmodel.kernel.mm;

/**
 * Contiguous PTE spans (arm64's contiguous bit, as Linux's contpte code sets it since 6.9; RISC-V's
 * Svnapot): an aligned span of PTEs that map one aligned, physically contiguous run of a single
 * folio with the same permissions carries {@link Pte#CONT}, and the TLB may hold the span as one
 * entry. The bit is derived state: every path that changes a PTE inside a span unfolds it first,
 * and paths that map a whole run fold it again, so it never describes a span that is not
 * contiguous. On a geometry without PTE spans every method returns at once.
 */
final class ContPte {
  private final PageTables tables;
  private final PhysicalMemory memory;

  /** PTEs per span, or 0 when the geometry has none. */
  private final int span;

  ContPte(Machine machine) {
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.span = machine.contOrder == 0 ? 0 : 1 << machine.contOrder;
  }

  /** Clears the contiguous bit of the span holding entry {@code i}, before that entry changes. */
  void unfold(int pteT, int i) {
    if (span == 0 || !Pte.isCont(tables.get(pteT, i))) {
      return;
    }
    int base = i & -span;
    for (int j = base; j < base + span; j++) {
      tables.set(pteT, j, Pte.uncont(tables.get(pteT, j)));
    }
  }

  /** Sets or clears the contiguous bit of the span holding entry {@code i}, as its PTEs are now. */
  void refold(int pteT, int i) {
    if (span == 0) {
      return;
    }
    int base = i & -span;
    boolean cont = contiguous(pteT, base, span);
    for (int j = base; j < base + span; j++) {
      long e = tables.get(pteT, j);
      tables.set(pteT, j, cont ? e | Pte.CONT : Pte.uncont(e));
    }
  }

  /** {@link #refold} for every span meeting entries [{@code from}, {@code to}). */
  void refoldRange(int pteT, int from, int to) {
    if (span == 0 || from >= to) {
      return;
    }
    for (int i = from & -span; i < to; i += span) {
      refold(pteT, i);
    }
  }

  /**
   * DEBUG_VM's view of the span starting at entry {@code base}: null when its contiguous bits are
   * all clear, or all set on a span that is contiguous; else what is wrong.
   */
  String checkSpan(int pteT, int base) {
    if (span == 0) {
      return null;
    }
    int set = 0;
    for (int j = base; j < base + span; j++) {
      if (Pte.isCont(tables.get(pteT, j))) {
        set++;
      }
    }
    if (set == 0) {
      return null;
    }
    if (set != span) {
      return set + " of " + span + " PTEs of a span carry the contiguous bit";
    }
    return contiguous(pteT, base, span) ? null : "a contiguous span maps no contiguous folio run";
  }

  private boolean contiguous(int pteT, int base, int span) {
    long first = tables.get(pteT, base);
    if (!Pte.present(first) || Pte.isZero(first)) {
      return false;
    }
    long pfn = Pte.payload(first);
    if ((pfn & (span - 1)) != 0) {
      return false;
    }
    PhysicalMemory mem = memory;
    long head = mem.head(pfn);
    if (head == pfn && !mem.has(pfn, PhysicalMemory.HEAD)) {
      return false;
    }
    if (head + (1L << mem.folioOrder(head)) < pfn + span) {
      return false;
    }
    boolean write = Pte.writable(first);
    for (int j = 1; j < span; j++) {
      long e = tables.get(pteT, base + j);
      if (!Pte.present(e)
          || Pte.isZero(e)
          || Pte.payload(e) != pfn + j
          || Pte.writable(e) != write) {
        return false;
      }
    }
    return true;
  }
}
