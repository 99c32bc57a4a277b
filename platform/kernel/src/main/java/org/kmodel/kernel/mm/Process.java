package org.kmodel.kernel.mm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulated process: its name (the scenario's pid), its address space and the region names its
 * scenario gave to mappings.
 */
public final class Process {
  /** A named address range produced by a scenario's mmap or mremap. */
  public record Region(long start, long end) {
    public long length() {
      return end - start;
    }
  }

  private final String pid;
  private final Mm mm;
  private final Map<String, Region> regions = new LinkedHashMap<>();

  public Process(String pid, Mm mm) {
    this.pid = pid;
    this.mm = mm;
  }

  public String pid() {
    return pid;
  }

  public Mm mm() {
    return mm;
  }

  public Map<String, Region> regions() {
    return regions;
  }

  public Region region(String name) {
    return regions.get(name);
  }
}
