package org.kmodel.kernel.slot;

import java.util.List;
import org.kmodel.api.SlotId;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;

/**
 * The slots a kernel has, in the order they are filled and listed: the architecture first (it pins
 * the machine the others attach to), the filesystem's last. A new kind of plugin is a contract
 * declaring its {@link SlotId} and one entry here.
 */
public final class Slots {
  /** Every slot, architecture first. */
  public static final List<SlotId<?>> ALL =
      List.of(
          Architecture.SLOT,
          PageAllocator.SLOT,
          ThpPolicy.SLOT,
          FileSystemType.SLOT,
          RelocationStrategy.SLOT);

  /** Slots whose plugins attach to the machine and wait for an architecture to pin it. */
  public static final List<SlotId<?>> MACHINE_BOUND = List.of(PageAllocator.SLOT, ThpPolicy.SLOT);

  private Slots() {}

  /** The slot with this scenario name, or {@code null}. */
  public static SlotId<?> byId(String id) {
    for (SlotId<?> s : ALL) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return null;
  }

  /** The slot ids, in order: {@code arch, allocator, thp-policy, filesystem, relocation}. */
  public static List<String> ids() {
    return ALL.stream().map(SlotId::id).toList();
  }
}
