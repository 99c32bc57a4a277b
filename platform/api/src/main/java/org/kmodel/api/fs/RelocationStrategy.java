package org.kmodel.api.fs;

import java.util.List;
import org.kmodel.api.Plugin;

/**
 * A block-group relocation strategy, registered in the {@code relocation} slot: a recipe over the
 * filesystem's primitive steps. The filesystem asks for the recipe when a relocation of {@code
 * group} starts, on the simulation thread, and runs it to the end with that recipe even if the
 * strategy is swapped meanwhile (the new one serves the next relocation).
 */
public interface RelocationStrategy extends Plugin {

  /** The primitives to run, in order, to relocate {@code group}. */
  List<RelocationPrimitive> recipe(BlockGroupInfo group);
}
