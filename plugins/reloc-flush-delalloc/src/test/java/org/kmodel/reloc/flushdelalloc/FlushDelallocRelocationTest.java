package org.kmodel.reloc.flushdelalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kmodel.api.fs.RelocationPrimitive.CREATE_RELOCATION_INODE;
import static org.kmodel.api.fs.RelocationPrimitive.FLUSH_ALL_DELALLOC;
import static org.kmodel.api.fs.RelocationPrimitive.RELOCATE_PASSES;
import static org.kmodel.api.fs.RelocationPrimitive.REMOVE_CHUNK;
import static org.kmodel.api.fs.RelocationPrimitive.SET_READ_ONLY;
import static org.kmodel.api.fs.RelocationPrimitive.WAIT_ALL_ORDERED_EXTENTS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.RelocationPrimitive;

/** The Linux 4.6 recipe, by block-group type. */
class FlushDelallocRelocationTest {
  private static final long GIB = 1L << 30;

  private final FlushDelallocRelocation strategy = new FlushDelallocRelocation();

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
  void dataGroupFlushesEverythingThenWaitsForEveryOrderedExtent() {
    strategy.attach(null);
    assertEquals(
        List.of(
            SET_READ_ONLY,
            CREATE_RELOCATION_INODE,
            FLUSH_ALL_DELALLOC,
            WAIT_ALL_ORDERED_EXTENTS,
            RELOCATE_PASSES,
            REMOVE_CHUNK),
        strategy.recipe(group(BlockGroupType.DATA, 0, 0)));
  }

  /** 4.6 has no per-group counters: writers in flight do not change what it does. */
  @Test
  void ignoresTheFourSevenCounters() {
    assertEquals(
        strategy.recipe(group(BlockGroupType.DATA, 0, 0)),
        strategy.recipe(group(BlockGroupType.DATA, 3, 2)));
  }

  @ParameterizedTest
  @EnumSource(
      value = BlockGroupType.class,
      names = {"METADATA", "SYSTEM"})
  void metadataAndSystemGroupsFlushAndWaitToo(BlockGroupType type) {
    assertEquals(
        strategy.recipe(group(BlockGroupType.DATA, 0, 0)), strategy.recipe(group(type, 0, 0)));
  }

  @ParameterizedTest
  @EnumSource(BlockGroupType.class)
  void neverUsesTheFourSevenWaits(BlockGroupType type) {
    List<RelocationPrimitive> recipe = strategy.recipe(group(type, 0, 0));
    assertFalse(recipe.contains(RelocationPrimitive.WAIT_RESERVATIONS));
    assertFalse(recipe.contains(RelocationPrimitive.WAIT_NOCOW_WRITERS));
    assertFalse(recipe.contains(RelocationPrimitive.WAIT_ORDERED_EXTENTS_IN_RANGE));
  }

  @Test
  void recipeCannotBeChangedByTheCaller() {
    List<RelocationPrimitive> recipe = strategy.recipe(group(BlockGroupType.DATA, 0, 0));
    assertThrows(UnsupportedOperationException.class, () -> recipe.remove(FLUSH_ALL_DELALLOC));
  }
}
