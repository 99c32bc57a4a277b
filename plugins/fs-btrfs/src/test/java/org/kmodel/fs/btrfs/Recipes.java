package org.kmodel.fs.btrfs;

import static org.kmodel.api.fs.RelocationPrimitive.CREATE_RELOCATION_INODE;
import static org.kmodel.api.fs.RelocationPrimitive.FLUSH_ALL_DELALLOC;
import static org.kmodel.api.fs.RelocationPrimitive.RELOCATE_PASSES;
import static org.kmodel.api.fs.RelocationPrimitive.REMOVE_CHUNK;
import static org.kmodel.api.fs.RelocationPrimitive.SET_READ_ONLY;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_ALL_ORDERED_EXTENTS;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_NOCOW_WRITERS;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_ORDERED_EXTENTS_IN_RANGE;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_RESERVATIONS;

import java.util.List;
import org.kmodel.api.PluginContext;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.RelocationPrimitive;
import org.kmodel.api.fs.RelocationStrategy;

/** Test-only relocation strategies: the Linux 4.6 and 4.7 recipes. */
final class Recipes {
  /** 4.6, "flush-delalloc". */
  static final RelocationStrategy FLUSH_DELALLOC =
      strategy(
          SET_READ_ONLY,
          CREATE_RELOCATION_INODE,
          FLUSH_ALL_DELALLOC,
          WAIT_ALL_ORDERED_EXTENTS,
          RELOCATE_PASSES,
          REMOVE_CHUNK);

  /** 4.7, "wait-reservations". */
  static final RelocationStrategy WAIT_RESERVATIONS_47 =
      strategy(
          SET_READ_ONLY,
          CREATE_RELOCATION_INODE,
          WAIT_RESERVATIONS,
          WAIT_NOCOW_WRITERS,
          WAIT_ORDERED_EXTENTS_IN_RANGE,
          RELOCATE_PASSES,
          REMOVE_CHUNK);

  private Recipes() {}

  static RelocationStrategy strategy(RelocationPrimitive... recipe) {
    List<RelocationPrimitive> list = List.of(recipe);
    return new RelocationStrategy() {
      @Override
      public void attach(PluginContext context) {}

      @Override
      public List<RelocationPrimitive> recipe(BlockGroupInfo group) {
        return list;
      }
    };
  }
}
