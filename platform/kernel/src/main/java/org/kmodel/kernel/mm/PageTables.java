package org.kmodel.kernel.mm;

import java.util.Arrays;
import java.util.List;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;

/**
 * Every page-table page of a kernel in one primitive pool: table {@code t} owns entries {@code [t *
 * width, (t + 1) * width)} of a {@code long[]}, so a walk is array indexing and no fault allocates
 * a Java object. Each table is also backed by a physical frame (PageTables in meminfo), recorded
 * here so it can be freed with the table.
 */
public final class PageTables {
  private final int depth;
  private final int[] shift;
  private final long[] mask;
  private final int width;
  private final int pmdLevel;
  private long[] entries;
  private long[] backingPfn;
  private int[] freeIds = new int[64];
  private int freeTop;
  private int used;
  private int live;

  public PageTables(MachineGeometry geometry) {
    List<PageTableLevel> levels = geometry.levels();
    this.depth = levels.size();
    this.shift = new int[depth];
    this.mask = new long[depth];
    int w = 0;
    for (int i = 0; i < depth; i++) {
      shift[i] = levels.get(i).shift();
      mask[i] = levels.get(i).entries() - 1L;
      w = Math.max(w, levels.get(i).entries());
    }
    this.width = w;
    this.pmdLevel = depth - 2;
    // Room for a small process's tables; more as they come (a kernel is built per explorer run).
    this.entries = new long[width * 8];
    this.backingPfn = new long[8];
  }

  public int depth() {
    return depth;
  }

  /** The level whose entries point to PTE tables (or map huge pages): the PMD. */
  public int pmdLevel() {
    return pmdLevel;
  }

  public int shift(int level) {
    return shift[level];
  }

  /** Index of {@code va} within a table of {@code level}. */
  public int index(int level, long va) {
    return (int) ((va >>> shift[level]) & mask[level]);
  }

  /** Entries of a table of {@code level}. */
  public int entries(int level) {
    return (int) mask[level] + 1;
  }

  public int allocate(long pfn) {
    int id;
    if (freeTop > 0) {
      id = freeIds[--freeTop];
    } else {
      id = used++;
      if ((long) used * width > entries.length) {
        entries = Arrays.copyOf(entries, entries.length * 2);
        backingPfn = Arrays.copyOf(backingPfn, backingPfn.length * 2);
      }
    }
    backingPfn[id] = pfn;
    live++;
    return id;
  }

  /** Releases a table (its entries must all be none) and returns its backing frame. */
  public long free(int id) {
    int base = id * width;
    for (int i = 0; i < width; i++) {
      if (entries[base + i] != Pte.NONE) {
        throw new IllegalStateException("freeing page table " + id + " with live entries");
      }
    }
    if (freeTop == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
    }
    freeIds[freeTop++] = id;
    live--;
    return backingPfn[id];
  }

  public long backingPfn(int id) {
    return backingPfn[id];
  }

  public long get(int table, int idx) {
    return entries[table * width + idx];
  }

  public void set(int table, int idx, long e) {
    entries[table * width + idx] = e;
  }

  /** Whether every entry of the table is none. */
  public boolean empty(int table) {
    int base = table * width;
    for (int i = 0; i < width; i++) {
      if (entries[base + i] != Pte.NONE) {
        return false;
      }
    }
    return true;
  }

  /** Page tables in use, for meminfo's PageTables. */
  public int live() {
    return live;
  }
}
