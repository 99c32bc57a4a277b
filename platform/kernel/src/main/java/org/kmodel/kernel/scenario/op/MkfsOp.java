package org.kmodel.kernel.scenario.op;

import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Mkfs;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * {@code mkfs: {device, data_chunk?, metadata_chunk?}}: makes the scenario's one filesystem with
 * the type in the filesystem slot; see {@link Mkfs}.
 */
final class MkfsOp extends Action<Mkfs> {

  MkfsOp() {
    super("mkfs", Mkfs.class);
  }

  @Override
  public Mkfs parse(OpInput in) {
    Args a = in.args(null, "device", "data_chunk?", "metadata_chunk?");
    in.names().mkfs(in.opNode());
    Long device = a.positiveSize("device");
    Long data = chunk(a, "data_chunk", device, Mkfs.DEFAULT_DATA_CHUNK_BYTES);
    Long metadata = chunk(a, "metadata_chunk", device, Mkfs.DEFAULT_METADATA_CHUNK_BYTES);
    return device == null || data == null || metadata == null
        ? null
        : new Mkfs(in.at(), device, data, metadata);
  }

  /**
   * A chunk size: positive, and no larger than the device. A default too large for the device is
   * reported at the device's size, since that is what was written.
   */
  private static Long chunk(Args a, String name, Long device, long defaultBytes) {
    if (!a.has(name)) {
      if (device != null && defaultBytes > device) {
        a.report(
            "device",
            "'device'"
                + a.owner()
                + " ("
                + a.written("device")
                + ") is smaller than the default "
                + name
                + " ("
                + Sizes.format(defaultBytes)
                + "); give a smaller "
                + name);
        return null;
      }
      return defaultBytes;
    }
    Long bytes = a.positiveSize(name);
    if (bytes != null && device != null && bytes > device) {
      a.report(
          name,
          "'"
              + name
              + "'"
              + a.owner()
              + " must be at most the device's size ("
              + a.written("device")
              + "), not "
              + a.written(name));
      return null;
    }
    return bytes;
  }

  @Override
  public Needs needs() {
    return Needs.FILESYSTEM;
  }

  @Override
  void validate(Mkfs m, SizeChecks checks) {
    checks.sectors(m, "device", m.deviceBytes());
    checks.sectors(m, "data_chunk", m.dataChunkBytes());
    checks.sectors(m, "metadata_chunk", m.metadataChunkBytes());
  }

  @Override
  void run(Mkfs m, StepContext ctx) {
    FsSupport fs = ctx.kernel().fs();
    long enospc = fs.enospcCount();
    if (!fs.mkfs(m.deviceBytes(), m.dataChunkBytes(), m.metadataChunkBytes())) {
      ctx.fail(m.where(), "mkfs: the filesystem slot is empty");
    } else if (fs.enospcCount() > enospc) {
      ctx.fail(m.where(), "mkfs failed: ENOSPC (" + fs.lastEnospc() + ")");
    }
  }
}
