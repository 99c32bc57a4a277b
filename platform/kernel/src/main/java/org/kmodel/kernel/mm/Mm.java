package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address space: its VMAs sorted by start, the root of its page tables, the page tables
 * deposited for its huge mappings, and its RSS counters. New mappings are placed top-down below the
 * mmap base, as Linux's default layout does; the base is fixed (no randomisation) so runs are
 * reproducible.
 */
public final class Mm {
  /**
   * Where top-down placement starts on x86-64: 1/128 below the top of the 47-bit user half, where
   * Linux's default layout puts it.
   */
  public static final long MMAP_BASE = mmapBase(48);

  /** The lowest address a mapping may take (vm.mmap_min_addr's usual 64 KiB). */
  public static final long MMAP_MIN_ADDR = 0x10000L;

  private final TreeMap<Long, Vma> vmas = new TreeMap<>();
  private final long pageSize;
  private final long base;
  int root = -1;

  /** The cost model's accounting slot of this address space: a small number, never reused. */
  int account;

  private int[] deposited = new int[8];
  private int depositCount;

  /** Base pages mapped by PTEs (zero page excluded). */
  long anonRss;

  /** Huge pages mapped by PMDs (huge zero page excluded). */
  long hugeRss;

  /** PTEs holding swap entries. */
  long swapEntries;

  boolean khugepagedRegistered;

  /** The FOLL_PIN pins this process holds, dropped when it exits. */
  final List<UserPin> pins = new ArrayList<>();

  /**
   * Whether this address space holds a reference on the huge zero page ({@code
   * MMF_HUGE_ZERO_PAGE}): taken when it first maps it (or inherits a mapping of it at fork),
   * dropped when it exits.
   */
  boolean hugeZeroRef;

  /** The VMA the last lookup found (Linux's per-mm vmacache): faults hit it almost always. */
  private Vma cached;

  /** An address space of {@code pageSize} pages whose mappings go top-down from {@code base}. */
  public Mm(long pageSize, long base) {
    this.pageSize = pageSize;
    this.base = base;
  }

  /**
   * The mmap base of an address space of {@code virtualAddressBits}: the user half of it (the lower
   * half, as x86-64's canonical addresses split it), less 1/128 for the stack.
   */
  public static long mmapBase(int virtualAddressBits) {
    long userTop = 1L << (virtualAddressBits - 1);
    return userTop - (userTop >>> 7);
  }

  public long pageSize() {
    return pageSize;
  }

  /** Every VMA in address order. */
  public List<Vma> vmas() {
    return new ArrayList<>(vmas.values());
  }

  public int vmaCount() {
    return vmas.size();
  }

  /** The VMA containing {@code address}, or {@code null}. */
  public Vma find(long address) {
    Vma c = cached;
    if (c != null && c.start() <= address && address < c.end()) {
      return c;
    }
    Map.Entry<Long, Vma> e = vmas.floorEntry(address);
    if (e == null || e.getValue().end() <= address) {
      return null;
    }
    cached = e.getValue();
    return cached;
  }

  /** Forgets the cached lookup; every change of the VMA set or of a VMA's bounds calls this. */
  void invalidateCache() {
    cached = null;
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

  /** The VMA ending exactly at {@code address}, or {@code null}. */
  Vma endingAt(long address) {
    Map.Entry<Long, Vma> e = vmas.lowerEntry(address);
    return e != null && e.getValue().end() == address ? e.getValue() : null;
  }

  /**
   * Finds the highest free range of {@code length} bytes aligned to {@code align} below the mmap
   * base, as {@code get_unmapped_area} does top-down.
   *
   * @return the start address, or -1 when the address space is full
   */
  public long unmappedArea(long length, long align) {
    long a = Math.max(align, pageSize);
    long ceiling = base;
    for (Vma v : vmas.headMap(base, false).descendingMap().values()) {
      long candidate = alignDown(ceiling - length, a);
      if (candidate >= v.end()) {
        return candidate;
      }
      ceiling = Math.min(ceiling, v.start());
    }
    long candidate = alignDown(ceiling - length, a);
    return candidate >= MMAP_MIN_ADDR ? candidate : -1;
  }

  /** Inserts a new VMA; the range must be free. */
  Vma insert(long start, long length, long flags, long pgoff) {
    if (!overlapping(start, start + length).isEmpty()) {
      throw new IllegalStateException("range already mapped");
    }
    Vma vma = new Vma(this, start, start + length, flags, pgoff);
    vmas.put(start, vma);
    cached = null;
    return vma;
  }

  void add(Vma vma) {
    vmas.put(vma.start(), vma);
    cached = null;
  }

  void remove(Vma vma) {
    vmas.remove(vma.start());
    cached = null;
  }

  void deposit(int table) {
    if (depositCount == deposited.length) {
      deposited = Arrays.copyOf(deposited, depositCount * 2);
    }
    deposited[depositCount++] = table;
  }

  int withdraw() {
    if (depositCount == 0) {
      throw new IllegalStateException(
          "no page table deposited: a huge mapping was made without one");
    }
    return deposited[--depositCount];
  }

  public int depositedTables() {
    return depositCount;
  }

  public long anonRss() {
    return anonRss;
  }

  public long hugeRss() {
    return hugeRss;
  }

  public long swapEntries() {
    return swapEntries;
  }

  private static long alignDown(long x, long a) {
    return x & -a;
  }
}
