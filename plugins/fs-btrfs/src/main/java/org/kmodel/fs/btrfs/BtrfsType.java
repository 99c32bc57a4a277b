package org.kmodel.fs.btrfs;

import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.FsContext;
import org.kmodel.api.fs.FsGeometry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The Btrfs-like filesystem type. It keeps no state of its own: every filesystem {@link #mkfs}
 * makes holds all of its state, so that swapping the type leaves made filesystems alone.
 */
@Component(
    service = FileSystemType.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=fs-btrfs", "service.ranking:Integer=100"})
public final class BtrfsType implements FileSystemType {

  @Override
  public void attach(PluginContext context) {
    // Nothing to adopt: filesystems carry their own state.
  }

  @Override
  public String typeName() {
    return "btrfs";
  }

  @Override
  public FileSystem mkfs(FsGeometry geometry, FsContext context) {
    return new Btrfs(geometry, context);
  }
}
