package org.kmodel.kernel.mm;

import org.kmodel.api.machine.FrameTable;

/**
 * The frame table, struct-of-arrays: per base-page frame a flags byte, a PTE mapcount (2 bytes), a
 * content token (4, optional), and the reverse-map pair anon_vma id (4) + page index (4) — under 16
 * bytes per frame, in primitive arrays, so a terabyte machine costs bytes per frame and no objects.
 * The kernel marks frames here; the allocator plugin keeps only its free lists and rebuilds them
 * from this table on attach.
 *
 * <p>A large folio (a transparent huge page, PMD-mapped or PTE-mapped) is a naturally aligned block
 * whose first frame has {@link #HEAD} and the rest {@link #TAIL}. Its order is read from the flags
 * (the frame {@code 2^k} past the head is a tail exactly while {@code k} is below the order, since
 * folios are aligned and never overlap), so it costs no memory; its mapped-subpage count and its
 * deferred-split mark live in side arrays with one slot per block of the smallest folio order
 * (Linux keeps them in the folio's first tail pages); its PMD mapcount (Linux's entire mapcount)
 * has one slot per PMD-sized block, as only PMD-sized folios are PMD-mapped. {@link #PINNED} — rare
 * and short-lived — is a bitmap beside the flags, so the flags fit a byte.
 */
public final class PhysicalMemory implements FrameTable, org.kmodel.kernel.mm.boot.FrameReserver {
  public static final short IN_USE = 1;
  public static final short RESERVED = 1 << 1;
  public static final short MOVABLE = 1 << 2;
  public static final short ANON = 1 << 3;
  public static final short PAGETABLE = 1 << 4;
  public static final short HEAD = 1 << 5;
  public static final short TAIL = 1 << 6;
  public static final short ZERO = 1 << 7;

  /** Held by a kernel path that must not see the page migrated or reclaimed (a bitmap bit). */
  public static final short PINNED = 1 << 8;

  /** A huge page on the deferred-split queue (a side-array mark on its head). */
  public static final short DEFERRED_SPLIT = 1 << 9;

  /**
   * Linux's {@code PageAnonExclusive} (5.19+): this anonymous page is mapped by one process only
   * and may be written without a copy; set on a new page, cleared when fork shares it (a bitmap
   * bit).
   */
  public static final short ANON_EXCLUSIVE = 1 << 10;

  /** The page is in the swap cache ({@code folio_test_swapcache}; a bitmap bit). */
  public static final short SWAPCACHE = 1 << 11;

  private static final int FLAG_BITS = 0xff;

  /** Content token of a page never written. */
  public static final int ZERO_CONTENT = 0;

  private final int frames;
  private final byte[] flags;
  private final long[] pinned;
  private final long[] exclusive;
  private final long[] swapcache;

  /** FOLL_PIN pins of user pages, by frame: rare and few, so a map. */
  private final java.util.Map<Long, Integer> userPins = new java.util.HashMap<>();

  private final char[] mapcount;
  private final int[] content;
  private final int[] anonVma;
  private final int[] index;
  private final int pageShift;
  private final int pmdOrder;
  private final int folioShift;
  private final int[] entireMapcount;
  private final short[] subpagesMapped;
  private final long[] deferredSplit;
  private final long[] anonFolios = new long[64];
  private long freeFrames;
  private long reservedFrames;
  private MigrationHook migrationHook = (from, to) -> false;

  /** Moves the mappings of a page when compaction migrates it; owned by the memory manager. */
  public interface MigrationHook {
    boolean migrate(long from, long to);
  }

  /**
   * @param bytes RAM; a multiple of the page size
   * @param trackContent whether per-page content tokens are kept (fill/check need them; very large
   *     runs may switch them off to save 4 bytes per frame)
   * @param pmdOrder the order of a PMD-mapped huge page (9 on x86-64), or 0 without THP
   * @param minFolioOrder the smallest order a large folio may have (2 with multi-size THP; the PMD
   *     order without it); the side arrays keep one slot per block of this order
   */
  public PhysicalMemory(
      long bytes, int pageShift, boolean trackContent, int pmdOrder, int minFolioOrder) {
    long frames = bytes >>> pageShift;
    if (frames <= 0 || frames > Integer.MAX_VALUE - 8 || (frames << pageShift) != bytes) {
      throw new IllegalArgumentException("unsupported memory size: " + bytes + " bytes");
    }
    if (pmdOrder > 0 && (minFolioOrder < 1 || minFolioOrder > pmdOrder)) {
      throw new IllegalArgumentException("folio orders " + minFolioOrder + ".." + pmdOrder);
    }
    int n = (int) frames;
    this.frames = n;
    this.pageShift = pageShift;
    this.pmdOrder = pmdOrder;
    this.folioShift = pmdOrder == 0 ? 31 : minFolioOrder;
    // One frame past RAM is the shared zero page: in Linux it is in the kernel image, so it is
    // never allocated, never fails, never freed and never counted in MemTotal or MemFree.
    this.flags = new byte[n + 1];
    this.flags[n] = (byte) (IN_USE | ZERO);
    this.pinned = new long[(n + 64) >>> 6];
    this.exclusive = new long[(n + 64) >>> 6];
    this.swapcache = new long[(n + 64) >>> 6];
    this.mapcount = new char[n + 1];
    this.content = trackContent ? new int[n + 1] : null;
    this.anonVma = new int[n + 1];
    this.index = new int[n + 1];
    int folios = pmdOrder == 0 ? 1 : (n >>> folioShift) + 1;
    this.entireMapcount = new int[pmdOrder == 0 ? 1 : (n >>> pmdOrder) + 1];
    this.subpagesMapped = new short[folios];
    this.deferredSplit = new long[(folios + 63) >>> 6];
    this.freeFrames = n;
  }

  /** A 4 KiB-page machine with x86-64's 2M PMD pages and multi-size THP folios. */
  public PhysicalMemory(long bytes, int pageShift) {
    this(bytes, pageShift, true, 9, 2);
  }

  @Override
  public long frameCount() {
    return frames;
  }

  /** The shared zero page's frame: one past RAM, outside everything the allocator manages. */
  public long zeroPageFrame() {
    return frames;
  }

  public int pageShift() {
    return pageShift;
  }

  public long freeFrames() {
    return freeFrames;
  }

  public long reservedFrames() {
    return reservedFrames;
  }

  public long usedFrames() {
    return frames - freeFrames - reservedFrames;
  }

  public boolean tracksContent() {
    return content != null;
  }

  /** Bytes of metadata per frame this table keeps (bitmaps and per-folio arrays included). */
  public double bytesPerFrame() {
    double perFrame = 1 + 2 + 4 + 4 + (content == null ? 0 : 4) + 3.0 / 8;
    if (pmdOrder == 0) {
      return perFrame;
    }
    return perFrame + 4.0 / (1 << pmdOrder) + (2 + 1.0 / 8) / (1 << folioShift);
  }

  @Override
  public boolean isFree(long pfn) {
    return (flags[(int) pfn] & (IN_USE | RESERVED)) == 0;
  }

  @Override
  public boolean isMovable(long pfn) {
    int f = flags[(int) pfn];
    return (f & (IN_USE | MOVABLE | HEAD | TAIL)) == (IN_USE | MOVABLE)
        && !pinned(pfn)
        && !bit(swapcache, pfn);
  }

  private boolean pinned(long pfn) {
    return (pinned[(int) (pfn >>> 6)] & (1L << pfn)) != 0 || userPins.containsKey(pfn);
  }

  private static boolean bit(long[] map, long pfn) {
    return (map[(int) (pfn >>> 6)] & (1L << pfn)) != 0;
  }

  private static void setBit(long[] map, long pfn, boolean on) {
    if (on) {
      map[(int) (pfn >>> 6)] |= 1L << pfn;
    } else {
      map[(int) (pfn >>> 6)] &= ~(1L << pfn);
    }
  }

  // ---- user pins (FOLL_PIN) -----------------------------------------------------------------

  /** One more FOLL_PIN pin of the page {@code pfn} ({@code try_grab_folio(FOLL_PIN)}). */
  public void pin(long pfn) {
    userPins.merge(pfn, 1, Integer::sum);
  }

  /** Drops one FOLL_PIN pin of {@code pfn} ({@code unpin_user_page}); returns the pins left. */
  public int unpin(long pfn) {
    Integer n = userPins.get(pfn);
    if (n == null) {
      throw new IllegalStateException("frame " + pfn + " is not pinned");
    }
    if (n == 1) {
      userPins.remove(pfn);
      return 0;
    }
    userPins.put(pfn, n - 1);
    return n - 1;
  }

  /** FOLL_PIN pins of the page {@code pfn}. */
  public int pinCount(long pfn) {
    return userPins.getOrDefault(pfn, 0);
  }

  /**
   * Whether any page of the folio {@code pfn} belongs to holds a FOLL_PIN pin ({@code
   * folio_maybe_dma_pinned}: a large folio counts its pins whole).
   */
  public boolean folioPinned(long pfn) {
    if (userPins.isEmpty()) {
      return false;
    }
    long head = head(pfn);
    if (!has(head, HEAD)) {
      return userPins.containsKey(pfn);
    }
    long end = head + (1L << folioOrder(head));
    for (long p : userPins.keySet()) {
      if (p >= head && p < end) {
        return true;
      }
    }
    return false;
  }

  /** Frames holding a FOLL_PIN pin, for the invariant checker. */
  public java.util.Set<Long> pinnedFrames() {
    return java.util.Collections.unmodifiableSet(userPins.keySet());
  }

  public void setMigrationHook(MigrationHook hook) {
    this.migrationHook = hook;
  }

  @Override
  public boolean migrate(long from, long to) {
    if (!isMovable(from) || !isFree(to)) {
      return false;
    }
    return migrationHook.migrate(from, to);
  }

  // ---- state transitions ------------------------------------------------------------------

  /** Marks a block the allocator handed out as in use, with the given kind flags. */
  public void markInUse(long pfn, int order, short kind) {
    int first = (int) pfn;
    int n = 1 << order;
    byte f = (byte) (IN_USE | kind);
    for (int i = first; i < first + n; i++) {
      if ((flags[i] & (IN_USE | RESERVED)) != 0) {
        throw new IllegalStateException("frame " + i + " handed out while not free");
      }
      flags[i] = f;
      mapcount[i] = 0;
      if (content != null) {
        content[i] = ZERO_CONTENT;
      }
    }
    freeFrames -= n;
  }

  /** Marks a block free before it goes back to the allocator. */
  public void markFree(long pfn, int order) {
    int first = (int) pfn;
    int n = 1 << order;
    for (int i = first; i < first + n; i++) {
      if ((flags[i] & IN_USE) == 0) {
        throw new IllegalStateException("frame " + i + " freed while not in use");
      }
      if (i == first && (flags[i] & (HEAD | ANON)) == (HEAD | ANON)) {
        anonFolios[order]--;
      }
      if (userPins.containsKey((long) i)) {
        throw new IllegalStateException("frame " + i + " freed while pinned");
      }
      flags[i] = 0;
      setBit(exclusive, i, false);
      setBit(swapcache, i, false);
      mapcount[i] = 0;
      anonVma[i] = 0;
      index[i] = 0;
    }
    if (order >= folioShift) {
      resetFolio(first);
    }
    freeFrames += n;
  }

  /** Takes a free frame out of service for good (unmovable kernel memory, holes). */
  public void reserve(long pfn) {
    int i = (int) pfn;
    if ((flags[i] & (IN_USE | RESERVED)) != 0) {
      throw new IllegalStateException("frame " + i + " reserved while not free");
    }
    flags[i] = (byte) RESERVED;
    freeFrames--;
    reservedFrames++;
  }

  // ---- per-frame fields -------------------------------------------------------------------

  /** The flags byte ({@link #IN_USE}, {@link #ANON}, {@link #HEAD}, ...) as an int. */
  public int flags(long pfn) {
    return flags[(int) pfn] & FLAG_BITS;
  }

  public boolean has(long pfn, short flag) {
    if (flag == PINNED) {
      return pinned(pfn);
    }
    if (flag == DEFERRED_SPLIT) {
      int f = (int) (pfn >>> folioShift);
      return (deferredSplit[f >>> 6] & (1L << f)) != 0;
    }
    if (flag == ANON_EXCLUSIVE) {
      return bit(exclusive, pfn);
    }
    if (flag == SWAPCACHE) {
      return bit(swapcache, pfn);
    }
    return (flags[(int) pfn] & flag) != 0;
  }

  public void set(long pfn, short flag) {
    if (flag == PINNED) {
      pinned[(int) (pfn >>> 6)] |= 1L << pfn;
    } else if (flag == DEFERRED_SPLIT) {
      int f = (int) (pfn >>> folioShift);
      deferredSplit[f >>> 6] |= 1L << f;
    } else if (flag == ANON_EXCLUSIVE) {
      setBit(exclusive, pfn, true);
    } else if (flag == SWAPCACHE) {
      setBit(swapcache, pfn, true);
    } else {
      flags[(int) pfn] |= (byte) flag;
    }
  }

  public void clear(long pfn, short flag) {
    if (flag == PINNED) {
      pinned[(int) (pfn >>> 6)] &= ~(1L << pfn);
    } else if (flag == DEFERRED_SPLIT) {
      int f = (int) (pfn >>> folioShift);
      deferredSplit[f >>> 6] &= ~(1L << f);
    } else if (flag == ANON_EXCLUSIVE) {
      setBit(exclusive, pfn, false);
    } else if (flag == SWAPCACHE) {
      setBit(swapcache, pfn, false);
    } else {
      flags[(int) pfn] &= (byte) ~flag;
    }
  }

  public int mapcount(long pfn) {
    return mapcount[(int) pfn];
  }

  public void incMapcount(long pfn) {
    int i = (int) pfn;
    if (mapcount[i] == Character.MAX_VALUE) {
      throw new IllegalStateException("mapcount overflow on frame " + i);
    }
    if (mapcount[i]++ == 0 && (flags[i] & (HEAD | TAIL)) != 0) {
      subpagesMapped[(int) (head(i) >>> folioShift)]++;
    }
  }

  /** Drops one PTE mapping and returns the mapcount left. */
  public int decMapcount(long pfn) {
    int i = (int) pfn;
    if (mapcount[i] == 0) {
      throw new IllegalStateException("mapcount underflow on frame " + i);
    }
    int left = --mapcount[i];
    if (left == 0 && (flags[i] & (HEAD | TAIL)) != 0) {
      subpagesMapped[(int) (head(i) >>> folioShift)]--;
    }
    return left;
  }

  /**
   * Mappings of one base page: its PTE mappings plus, for a subpage of a huge page, the PMD
   * mappings of the whole (Linux's {@code page_mapcount}).
   */
  public int totalMapcount(long pfn) {
    int i = (int) pfn;
    int n = mapcount[i];
    if ((flags[i] & (HEAD | TAIL)) != 0) {
      n += entireMapcount(head(i));
    }
    return n;
  }

  /** Subpages of the folio at {@code head} mapped by at least one PTE. */
  public int subpagesMapped(long head) {
    return subpagesMapped[(int) (head >>> folioShift)];
  }

  /** Large anonymous folios of {@code order} in use (Linux's per-size {@code nr_anon}). */
  public long anonFolios(int order) {
    return anonFolios[order];
  }

  /** The order of the folio whose head is {@code head}; 0 for a frame that heads no folio. */
  public int folioOrder(long head) {
    if ((flags[(int) head] & HEAD) == 0) {
      return 0;
    }
    int order = 1;
    while (order < pmdOrder
        && head + (1L << order) < frames
        && (flags[(int) (head + (1L << order))] & TAIL) != 0) {
      order++;
    }
    return order;
  }

  /**
   * Turns an in-use block of {@code order} (from the smallest folio order up to the PMD order) into
   * a large folio: a head and its tails.
   */
  public void makeCompound(long head, int order) {
    if (order < folioShift || order > pmdOrder || (head & ((1L << order) - 1)) != 0) {
      throw new IllegalArgumentException("no folio of order " + order + " at frame " + head);
    }
    int h = (int) head;
    flags[h] |= (byte) HEAD;
    for (int i = h + 1; i < h + (1 << order); i++) {
      flags[i] |= (byte) TAIL;
    }
    resetFolio(h);
    if ((flags[h] & ANON) != 0) {
      anonFolios[order]++;
    }
  }

  /** Dissolves a folio into independent base pages (split_huge_page's last step). */
  public void dissolveCompound(long head) {
    int h = (int) head;
    int order = folioOrder(head);
    if ((flags[h] & ANON) != 0) {
      anonFolios[order]--;
    }
    for (int i = h; i < h + (1 << order); i++) {
      flags[i] &= (byte) ~(HEAD | TAIL);
    }
    resetFolio(h);
  }

  private void resetFolio(int head) {
    int f = head >>> folioShift;
    if (f >= subpagesMapped.length) {
      return;
    }
    if (pmdOrder > 0 && (head & ((1 << pmdOrder) - 1)) == 0) {
      entireMapcount[head >>> pmdOrder] = 0;
    }
    subpagesMapped[f] = 0;
    deferredSplit[f >>> 6] &= ~(1L << f);
  }

  public int content(long pfn) {
    return content == null ? ZERO_CONTENT : content[(int) pfn];
  }

  public void setContent(long pfn, int token) {
    if (content != null) {
      content[(int) pfn] = token;
    }
  }

  public void copyContent(long from, long to) {
    if (content != null) {
      content[(int) to] = content[(int) from];
    }
  }

  public int anonVma(long pfn) {
    return anonVma[(int) pfn];
  }

  public int index(long pfn) {
    return index[(int) pfn];
  }

  /** Records where a page sits in its anon_vma's index space (the reverse map). */
  public void setRmap(long pfn, int anonVmaId, int pageIndex) {
    anonVma[(int) pfn] = anonVmaId;
    index[(int) pfn] = pageIndex;
  }

  /** PMD mappings of the folio whose head is {@code head}; 0 unless it is PMD-sized. */
  public int entireMapcount(long head) {
    return folioOrder(head) == pmdOrder && pmdOrder > 0
        ? entireMapcount[(int) (head >>> pmdOrder)]
        : 0;
  }

  public void incEntireMapcount(long head) {
    if (folioOrder(head) != pmdOrder || pmdOrder == 0) {
      throw new IllegalStateException("frame " + head + " heads no PMD-sized folio");
    }
    entireMapcount[(int) (head >>> pmdOrder)]++;
  }

  public int decEntireMapcount(long head) {
    int i = (int) (head >>> pmdOrder);
    if (entireMapcount[i] == 0) {
      throw new IllegalStateException("entire mapcount underflow on huge page " + head);
    }
    return --entireMapcount[i];
  }

  /**
   * The head frame of the folio {@code pfn} belongs to ({@code pfn} itself if none): folios are
   * naturally aligned and never overlap, so the nearest aligned frame that is a head is it.
   */
  public long head(long pfn) {
    if ((flags[(int) pfn] & TAIL) == 0) {
      return pfn;
    }
    for (int order = 1; order <= pmdOrder; order++) {
      long candidate = pfn & -(1L << order);
      if ((flags[(int) candidate] & HEAD) != 0) {
        return candidate;
      }
    }
    throw new IllegalStateException("tail frame " + pfn + " has no head");
  }

  /** The order of a PMD-mapped huge page, or 0 without THP. */
  public int pmdOrder() {
    return pmdOrder;
  }
}
