package org.kmodel.fs.btrfs;

import java.util.Map;
import java.util.TreeMap;

/** The filesystem's counters; every key exists from mkfs on. */
final class Stats {
  static final String RELOCATION_FLUSHED_BYTES = "relocation_flushed_bytes";
  static final String EXTENTS_WRITTEN = "extents_written";
  static final String BYTES_WRITTEN = "bytes_written";
  static final String MEAN_EXTENT_BYTES = "mean_extent_bytes";
  static final String BALANCE_CONSIDERED = "balance_considered";
  static final String BALANCE_RELOCATED = "balance_relocated";
  static final String BALANCE_ENOSPC = "balance_enospc";
  static final String CHUNKS_ALLOCATED = "chunks_allocated";
  static final String CHUNKS_REMOVED = "chunks_removed";
  static final String DATA_LOSS_EVENTS = "data_loss_events";
  static final String STALE_READS = "stale_reads";
  static final String UNMAPPED_IO = "unmapped_io";
  static final String ENOSPC_EVENTS = "enospc_events";
  static final String COMMITS = "commits";
  static final String DELAYED_REFS_RUN = "delayed_refs_run";
  static final String NOCOW_WRITES = "nocow_writes";
  static final String NOCOW_FALLBACKS = "nocow_fallbacks";
  static final String RELOCATIONS_STARTED = "relocations_started";
  static final String RELOCATIONS_FINISHED = "relocations_finished";
  static final String RELOCATION_ENOSPC = "relocation_enospc";
  static final String RELOCATION_PASSES = "relocation_passes";
  static final String RELOCATION_EXTENTS_MOVED = "relocation_extents_moved";
  static final String RELOCATION_BYTES_MOVED = "relocation_bytes_moved";
  static final String RELOCATION_WARNINGS = "relocation_warnings";

  private static final String[] KEYS = {
    RELOCATION_FLUSHED_BYTES,
    EXTENTS_WRITTEN,
    BYTES_WRITTEN,
    BALANCE_CONSIDERED,
    BALANCE_RELOCATED,
    BALANCE_ENOSPC,
    CHUNKS_ALLOCATED,
    CHUNKS_REMOVED,
    DATA_LOSS_EVENTS,
    STALE_READS,
    UNMAPPED_IO,
    ENOSPC_EVENTS,
    COMMITS,
    DELAYED_REFS_RUN,
    NOCOW_WRITES,
    NOCOW_FALLBACKS,
    RELOCATIONS_STARTED,
    RELOCATIONS_FINISHED,
    RELOCATION_ENOSPC,
    RELOCATION_PASSES,
    RELOCATION_EXTENTS_MOVED,
    RELOCATION_BYTES_MOVED,
    RELOCATION_WARNINGS,
  };

  private final TreeMap<String, Long> counters = new TreeMap<>();

  Stats() {
    for (String key : KEYS) {
      counters.put(key, 0L);
    }
  }

  void add(String key, long delta) {
    counters.merge(key, delta, Long::sum);
  }

  void inc(String key) {
    add(key, 1);
  }

  long get(String key) {
    return counters.get(key);
  }

  /** A copy with the derived {@code mean_extent_bytes}. */
  Map<String, Long> snapshot() {
    TreeMap<String, Long> out = new TreeMap<>(counters);
    long extents = counters.get(EXTENTS_WRITTEN);
    out.put(MEAN_EXTENT_BYTES, extents == 0 ? 0 : counters.get(BYTES_WRITTEN) / extents);
    return out;
  }
}
