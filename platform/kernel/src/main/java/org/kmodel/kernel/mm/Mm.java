package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address space: its VMAs sorted by start address. New mappings are placed top-down
 * below {@link #MMAP_BASE}, as Linux's default mmap layout does; the base is fixed (no
 * address-space randomisation) so runs are reproducible.
 */
public final class Mm {
  /** Where top-down placement starts: below a 47-bit user address space, as x86-64 lays it out. */
  public static final long MMAP_BASE = 0x7f00_0000_0000L;

  /** The lowest address a mapping may take (vm.mmap_min_addr's usual 64 KiB). */
  public static final long MMAP_MIN_ADDR = 0x10000L;

  private final TreeMap<Long, Vma> vmas = new TreeMap<>();
  private final long pageSize;

  public Mm(long pageSize) {
    this.pageSize = pageSize;
  }

  public long pageSize() {
    return pageSize;
  }

  /** Every VMA in address order. */
  public List<Vma> vmas() {
    return new ArrayList<>(vmas.values());
  }

  /** The VMA containing {@code address}, or {@code null}. */
  public Vma find(long address) {
    Map.Entry<Long, Vma> e = vmas.floorEntry(address);
    if (e == null || e.getValue().end() <= address) {
      return null;
    }
    return e.getValue();
  }

  /** VMAs overlapping [start, end), in order. */
  public List<Vma> overlapping(long start, long end) {
    List<Vma> out = new ArrayList<>();
    Map.Entry<Long, Vma> first = vmas.floorEntry(start);
    long from = first != null && first.getValue().end() > start ? first.getKey() : start;
    for (Vma v : vmas.tailMap(from, true).values()) {
      if (v.start() >= end) {
        break;
      }
      if (v.end() > start) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Finds the highest free range of {@code length} bytes aligned to {@code align} below {@link
   * #MMAP_BASE}, as {@code get_unmapped_area} does top-down.
   *
   * @return the start address, or -1 when the address space is full
   */
  public long unmappedArea(long length, long align) {
    long a = Math.max(align, pageSize);
    long ceiling = MMAP_BASE;
    for (Vma v : vmas.headMap(MMAP_BASE, false).descendingMap().values()) {
      long candidate = alignDown(ceiling - length, a);
      if (candidate >= v.end()) {
        return candidate;
      }
      ceiling = Math.min(ceiling, v.start());
    }
    long candidate = alignDown(ceiling - length, a);
    return candidate >= MMAP_MIN_ADDR ? candidate : -1;
  }

  /** Inserts a new anonymous VMA; the range must be free. */
  public Vma map(long start, long length, long flags) {
    if (!overlapping(start, start + length).isEmpty()) {
      throw new IllegalStateException("range already mapped");
    }
    Vma vma = new Vma(start, start + length, flags, true);
    vmas.put(start, vma);
    return vma;
  }

  /** Total bytes mapped. */
  public long totalVm() {
    long total = 0;
    for (Vma v : vmas.values()) {
      total += v.length();
    }
    return total;
  }

  private static long alignDown(long x, long a) {
    return x & -a;
  }
}
