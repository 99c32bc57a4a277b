package org.kmodel.api.fs;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A filesystem type, registered in the {@code filesystem} slot. The kernel makes filesystems of the
 * attached type for scenario steps that create one; the filesystem model holds its own
 * authoritative state (chunk map, block groups, trees) and exposes relocation primitives.
 */
@ConsumerType
public interface FileSystemType extends Plugin {

  /** The slot filesystem types fill. */
  SlotId<FileSystemType> SLOT = SlotId.of("filesystem", FileSystemType.class);

  /** The type name as {@code /proc/filesystems} lists it, e.g. {@code btrfs}. */
  String typeName();

  /** Makes a new, empty filesystem on a device of the given geometry (mkfs). */
  FileSystem mkfs(FsGeometry geometry, FsContext context);
}
