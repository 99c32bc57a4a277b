package org.kmodel.reloc.flushdelalloc;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.RelocationPrimitive;
import org.kmodel.api.fs.RelocationStrategy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * Block-group relocation as Linux 4.6 prepares it ({@code btrfs_relocate_block_group} before the
 * 4.7 series "Btrfs: don't do unnecessary delalloc flushes when relocating"): after the group is
 * read-only and the relocation inode exists, write back the delalloc of every inode of the
 * filesystem ({@code btrfs_start_delalloc_roots}) and wait for every ordered extent of the
 * filesystem ({@code btrfs_wait_ordered_roots}), then run the move/update passes and remove the
 * chunk.
 *
 * <p>This is the strategy to reproduce the 4.6 bugs with, not to run production on. Both waits are
 * about the wrong things: an O_DIRECT writer that has reserved an extent in the group but not yet
 * created its ordered extent has no delalloc and no ordered extent, so nothing waits for it, the
 * first pass scans a commit root without that extent, and the chunk is removed while a file still
 * points into it (race A of BTRFS.md); a NOCOW writer into a preallocated extent of the group is
 * not waited for either, so its data can be overwritten by the relocated old copy (race B). And the
 * flush writes out data applications are still dirtying, anywhere in the filesystem, which makes
 * extents smaller and costs IO that has nothing to do with the group.
 *
 * <p>As in Linux 4.6, the flush and the wait happen for every group type — relocating a METADATA
 * group also writes back every inode's delalloc, which is part of the cost 4.7 removed.
 */
@Component(
    service = RelocationStrategy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=reloc-flush-delalloc", "service.ranking:Integer=50"})
public final class FlushDelallocRelocation implements RelocationStrategy {
  private static final List<RelocationPrimitive> RECIPE =
      List.of(
          RelocationPrimitive.SET_READ_ONLY,
          RelocationPrimitive.CREATE_RELOCATION_INODE,
          RelocationPrimitive.FLUSH_ALL_DELALLOC,
          RelocationPrimitive.WAIT_ALL_ORDERED_EXTENTS,
          RelocationPrimitive.RELOCATE_PASSES,
          RelocationPrimitive.REMOVE_CHUNK);

  /** A fixed recipe: there is nothing to adopt from the kernel. */
  @Override
  public void attach(PluginContext context) {}

  @Override
  public List<RelocationPrimitive> recipe(BlockGroupInfo group) {
    return RECIPE;
  }
}
