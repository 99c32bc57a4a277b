package org.kmodel.api.fs;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A block-group relocation strategy, registered in the {@code relocation} slot: a recipe over the
 * filesystem's primitive steps. The filesystem asks for the recipe when a relocation of {@code
 * group} starts, on the simulation thread, and runs it to the end with that recipe even if the
 * strategy is swapped meanwhile (the new one serves the next relocation).
 */
@ConsumerType
public interface RelocationStrategy extends Plugin {

  /** The slot relocation strategies fill. */
  SlotId<RelocationStrategy> SLOT = SlotId.of("relocation", RelocationStrategy.class);

  /** The primitives to run, in order, to relocate {@code group}. */
  List<RelocationPrimitive> recipe(BlockGroupInfo group);
}
