package org.kmodel.fs.btrfs;

import java.util.Map;
import org.kmodel.api.fs.BlockGroupType;

/**
 * What relocation does to the data: copy an extent into the relocation inode, point file extent
 * items at the copy, drop the relocation inode, remove the chunk.
 */
final class DataRelocation {
  private DataRelocation() {}

  /** {@code relocate_data_extent}: copies extent {@code e} into the relocation inode. */
  static String copyExtent(Btrfs fs, RelocationControl rc, ExtentItem e) {
    Inode reloc = rc.ensureRelocInode();
    long key = e.bytenr() - rc.groupStart;
    if (reloc.extents.containsKey(key)) {
      return "already copied";
    }
    long[] dst = fs.reserveExtent(e.length(), BlockGroupType.DATA, true);
    if (dst == null) {
      return null;
    }
    for (long off = 0; off < e.length(); off += fs.sector) {
      Integer v = fs.disk.get(e.bytenr() + off);
      if (v == null) {
        fs.disk.remove(dst[0] + off);
      } else {
        fs.disk.put(dst[0] + off, v);
      }
    }
    reloc.extents.put(
        key, new FileExtent(dst[0], e.length(), 0, e.length(), FileExtent.Kind.REGULAR));
    fs.extentTree.queue(dst[0], e.length(), +1, true);
    fs.stats.inc(Stats.RELOCATION_EXTENTS_MOVED);
    fs.stats.add(Stats.RELOCATION_BYTES_MOVED, e.length());
    return "copied to " + dst[0];
  }

  /** {@code replace_file_extents}: every file extent item on {@code e} moves to its copy. */
  static String updateDataPtrs(Btrfs fs, RelocationControl rc, ExtentItem e) {
    FileExtent copy =
        rc.relocInode == null ? null : rc.relocInode.extents.get(e.bytenr() - rc.groupStart);
    if (copy == null || copy.diskNumBytes() != e.length()) {
      return "no copy: references stay in " + fs.groupName(rc.groupStart);
    }
    int moved = 0;
    for (Inode inode : fs.inodes.values()) {
      for (Map.Entry<Long, FileExtent> item : inode.extents.entrySet()) {
        if (item.getValue().diskBytenr() == e.bytenr()) {
          item.setValue(item.getValue().movedTo(copy.diskBytenr()));
          fs.extentTree.queue(copy.diskBytenr(), e.length(), +1, false);
          fs.extentTree.queue(e.bytenr(), e.length(), -1, false);
          moved++;
        }
      }
    }
    return moved + " references now at " + copy.diskBytenr();
  }

  /** Drops the relocation inode: its references to the copies go. */
  static void dropRelocInode(Btrfs fs, RelocationControl rc) {
    if (rc.relocInode != null) {
      for (FileExtent item : rc.relocInode.extents.values()) {
        fs.extentTree.queue(item.diskBytenr(), item.diskNumBytes(), -1, false);
      }
      rc.relocInode = null;
    }
  }

  /** {@code btrfs_remove_chunk}, with the warning of {@code btrfs_relocate_block_group}. */
  static String removeChunk(Btrfs fs, RelocationControl rc, BlockGroup g) {
    dropRelocInode(fs, rc);
    String result = "removed";
    if (g.used > 0 || g.reserved > 0 || g.pinned > 0) {
      String warning = fs.groupName(g.start) + " has used " + g.used + " bytes left";
      if (g.reserved > 0 || g.pinned > 0) {
        warning += " (reserved " + g.reserved + ", pinned " + g.pinned + ")";
      }
      fs.ctx.event("warning", warning);
      fs.stats.inc(Stats.RELOCATION_WARNINGS);
      result = "removed anyway: " + warning;
    }
    if (g.used > 0) {
      fs.recorded.add(
          "chunk "
              + g.start
              + " removed with used "
              + g.used
              + " bytes (block group "
              + fs.groupNumbers.get(g.start)
              + ")");
    }
    fs.chunks.remove(g.start);
    fs.groups.remove(g.start);
    fs.disk.subMap(g.start, g.end()).clear();
    fs.removedChunks.put(g.start, g.length);
    fs.stats.inc(Stats.CHUNKS_REMOVED);
    return result;
  }
}
