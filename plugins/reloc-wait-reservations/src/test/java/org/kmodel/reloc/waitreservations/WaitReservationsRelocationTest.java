package org.kmodel.reloc.waitreservations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kmodel.api.fs.RelocationPrimitive.CREATE_RELOCATION_INODE;
import static org.kmodel.api.fs.RelocationPrimitive.RELOCATE_PASSES;
import static org.kmodel.api.fs.RelocationPrimitive.REMOVE_CHUNK;
import static org.kmodel.api.fs.RelocationPrimitive.SET_READ_ONLY;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_NOCOW_WRITERS;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_ORDERED_EXTENTS_IN_RANGE;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_RESERVATIONS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.RelocationPrimitive;

/** The Linux 4.7 recipe, by block-group type. */
class WaitReservationsRelocationTest {
  private static final long GIB = 1L << 30;

  private final WaitReservationsRelocation strategy = new WaitReservationsRelocation();

  private static BlockGroupInfo group(BlockGroupType type, int reservations, int nocowWriters) {
    return BlockGroupInfo.builder()
        .start(GIB)
        .length(GIB)
        .type(type)
        .used(4096)
        .reserved(0)
        .readOnly(0)
        .reservations(reservations)
        .nocowWriters(nocowWriters)
        .build();
  }

  @Test
  void dataGroupWaitsForItsOwnWritersOnly() {
    strategy.attach(null);
    assertEquals(
        List.of(
            SET_READ_ONLY,
            CREATE_RELOCATION_INODE,
            WAIT_RESERVATIONS,
            WAIT_NOCOW_WRITERS,
            WAIT_ORDERED_EXTENTS_IN_RANGE,
            RELOCATE_PASSES,
            REMOVE_CHUNK),
        strategy.recipe(group(BlockGroupType.DATA, 0, 0)));
  }

  /**
   * The waits are guards the filesystem evaluates; the recipe is the same whatever the counters.
   */
  @Test
  void recipeDoesNotDependOnTheCountersNow() {
    assertEquals(
        strategy.recipe(group(BlockGroupType.DATA, 0, 0)),
        strategy.recipe(group(BlockGroupType.DATA, 3, 2)));
  }

  @ParameterizedTest
  @EnumSource(
      value = BlockGroupType.class,
      names = {"METADATA", "SYSTEM"})
  void nonDataGroupsSkipTheDataWaits(BlockGroupType type) {
    assertEquals(
        List.of(SET_READ_ONLY, CREATE_RELOCATION_INODE, RELOCATE_PASSES, REMOVE_CHUNK),
        strategy.recipe(group(type, 1, 1)));
  }

  @ParameterizedTest
  @EnumSource(BlockGroupType.class)
  void neverFlushesOrWaitsForTheWholeFilesystem(BlockGroupType type) {
    List<RelocationPrimitive> recipe = strategy.recipe(group(type, 0, 0));
    assertFalse(recipe.contains(RelocationPrimitive.FLUSH_ALL_DELALLOC));
    assertFalse(recipe.contains(RelocationPrimitive.WAIT_ALL_ORDERED_EXTENTS));
  }

  @Test
  void recipeCannotBeChangedByTheCaller() {
    List<RelocationPrimitive> recipe = strategy.recipe(group(BlockGroupType.DATA, 0, 0));
    assertThrows(UnsupportedOperationException.class, () -> recipe.remove(WAIT_RESERVATIONS));
  }
}
