package org.kmodel.reloc.waitreservations;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.RelocationPrimitive;
import org.kmodel.api.fs.RelocationStrategy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * Block-group relocation as Linux 4.7 prepares it, after three fixes by Filipe Manana: "Btrfs:
 * don't do unnecessary delalloc flushes when relocating", "Btrfs: fix race between block group
 * relocation and nocow writes" and "Btrfs: don't wait for unrelated IO to finish before relocation"
 * (578def7c50f2). Once the group is read-only and the relocation inode exists, it waits for exactly
 * the writers that can still put data into this group, instead of flushing the whole filesystem:
 *
 * <ol>
 *   <li>{@code btrfs_wait_block_group_reservations}: every allocator that reserved an extent in the
 *       group before it became read-only drops its reservation only once its ordered extent exists,
 *       so after this wait no writer is between "extent reserved" and "ordered extent created" —
 *       the window the 4.6 strategy lost O_DIRECT writes in;
 *   <li>{@code btrfs_wait_nocow_writers}: a writer that decided to overwrite a preallocated or
 *       nodatacow extent of the group in place has finished creating its ordered extent (a later
 *       one sees the read-only group and falls back to COW), so relocation cannot copy old data
 *       over it;
 *   <li>{@code btrfs_wait_ordered_roots} limited to the group's range: the ordered extents found
 *       this way complete, their extents get items, and the first pass's commit makes them visible
 *       to the scan. Ordered extents elsewhere in the filesystem are no longer waited for.
 * </ol>
 *
 * <p>No delalloc is flushed: buffered data not yet written back has no extent in the group, and
 * when it is written back the read-only group sends its allocation elsewhere.
 *
 * <p>The waits concern data only: Linux returns at once from the reservations wait for a group that
 * is not DATA, and METADATA or SYSTEM groups have no NOCOW writers and no data ordered extents, so
 * their recipe leaves the three waits out.
 */
@Component(
    service = RelocationStrategy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=reloc-wait-reservations", "service.ranking:Integer=100"})
public final class WaitReservationsRelocation implements RelocationStrategy {
  private static final List<RelocationPrimitive> DATA =
      List.of(
          RelocationPrimitive.SET_READ_ONLY,
          RelocationPrimitive.CREATE_RELOCATION_INODE,
          RelocationPrimitive.WAIT_RESERVATIONS,
          RelocationPrimitive.WAIT_NOCOW_WRITERS,
          RelocationPrimitive.WAIT_ORDERED_EXTENTS_IN_RANGE,
          RelocationPrimitive.RELOCATE_PASSES,
          RelocationPrimitive.REMOVE_CHUNK);

  private static final List<RelocationPrimitive> NON_DATA =
      List.of(
          RelocationPrimitive.SET_READ_ONLY,
          RelocationPrimitive.CREATE_RELOCATION_INODE,
          RelocationPrimitive.RELOCATE_PASSES,
          RelocationPrimitive.REMOVE_CHUNK);

  @Override
  public void attach(PluginContext context) {
    // A fixed recipe: nothing to adopt from the kernel.
  }

  @Override
  public List<RelocationPrimitive> recipe(BlockGroupInfo group) {
    return group.type() == BlockGroupType.DATA ? DATA : NON_DATA;
  }
}
