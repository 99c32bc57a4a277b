package org.kmodel.kernel.scenario.op;

import java.util.List;
import org.kmodel.api.SlotId;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.kernel.Kernel;

/**
 * The plugin slots a step waits for: an empty one pauses the run until a bundle fills it (see
 * {@code ScenarioRunner}).
 */
public enum Needs {
  /** No slot. */
  NOTHING,
  /**
   * The slots of the memory manager: architecture, allocator and, when the machine maps transparent
   * huge pages, a THP policy. A scenario with such a step waits for them at boot.
   */
  MEMORY,
  /** A filesystem type, to make the filesystem with. */
  FILESYSTEM,
  /** A relocation strategy, before every step of the relocation task. */
  RELOCATION;

  /** The slots, as the kernel has them now. */
  public List<SlotId<?>> slots(Kernel kernel) {
    return switch (this) {
      case NOTHING -> List.of();
      case MEMORY -> kernel.memorySlots();
      case FILESYSTEM -> List.of(FileSystemType.SLOT);
      case RELOCATION -> List.of(RelocationStrategy.SLOT);
    };
  }
}
