package org.kmodel.kernel.scenario.parse;

import java.util.List;
import java.util.Locale;
import org.kmodel.kernel.scenario.model.Balance;
import org.kmodel.kernel.scenario.model.CancelBalance;
import org.kmodel.kernel.scenario.model.Commit;
import org.kmodel.kernel.scenario.model.Create;
import org.kmodel.kernel.scenario.model.Fallocate;
import org.kmodel.kernel.scenario.model.Fsync;
import org.kmodel.kernel.scenario.model.Mkfs;
import org.kmodel.kernel.scenario.model.Read;
import org.kmodel.kernel.scenario.model.Relocate;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Write;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Parses the ops on the scenario's filesystem: mkfs, create, write, fallocate, fsync, commit, read,
 * relocate, balance and cancel-balance. Every one but mkfs needs an earlier mkfs, and every file
 * must be made by an earlier create.
 */
final class FilesystemSteps {

  /** Block-group types as {@code balance} filters them. */
  private enum GroupType {
    DATA,
    METADATA,
    SYSTEM
  }

  private final Diagnostics diag;
  private final NameScope names;

  FilesystemSteps(Diagnostics diag, NameScope names) {
    this.diag = diag;
    this.names = names;
  }

  Step mkfs(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("device", "data_chunk?", "metadata_chunk?"));
    names.mkfs(op);
    Long device = a.pageMultiple("device", true);
    Long data = chunk(a, "data_chunk", device, Mkfs.DEFAULT_DATA_CHUNK_BYTES);
    Long metadata = chunk(a, "metadata_chunk", device, Mkfs.DEFAULT_METADATA_CHUNK_BYTES);
    return device == null || data == null || metadata == null
        ? null
        : new Mkfs(diag.at(op), device, data, metadata);
  }

  /**
   * A chunk size: a positive multiple of 4K that fits on the device. A default too large for the
   * device is reported at the device's size, since that is what was written.
   */
  private Long chunk(Args a, String name, Long device, long defaultBytes) {
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
    Long bytes = a.pageMultiple(name, true);
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

  Step create(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "file", List.of("file", "nodatacow?"));
    names.filesystem(op, "create");
    String file = a.name("file");
    Boolean nodatacow = a.bool("nodatacow");
    names.createFile(a.node("file"), file);
    return file == null || (a.has("nodatacow") && nodatacow == null)
        ? null
        : new Create(diag.at(op), file, nodatacow != null && nodatacow);
  }

  Step write(Node op, Node value) {
    List<String> signature = List.of("file", "offset?", "length", "value", "direct?");
    Args a = Args.ofOp(diag, op, value, null, signature);
    Target t = target(op, a);
    Long v = a.integer("value");
    Boolean direct = a.bool("direct");
    return !t.complete() || v == null || (a.has("direct") && direct == null)
        ? null
        : new Write(diag.at(op), t.file, t.offset, t.length, v, direct != null && direct);
  }

  Step fallocate(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("file", "offset?", "length"));
    Target t = target(op, a);
    return !t.complete() ? null : new Fallocate(diag.at(op), t.file, t.offset, t.length);
  }

  Step fsync(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, "file", List.of("file"));
    names.filesystem(op, "fsync");
    String file = a.name("file");
    return names.file(a.node("file"), file) ? new Fsync(diag.at(op), file) : null;
  }

  Step commit(Node op, Node value) {
    noArguments(op, value);
    names.filesystem(op, "commit");
    return new Commit(diag.at(op));
  }

  Step read(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("file", "offset?", "length"));
    Target t = target(op, a);
    return !t.complete() ? null : new Read(diag.at(op), t.file, t.offset, t.length);
  }

  Step relocate(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("group"));
    names.filesystem(op, "relocate");
    Long group = a.integer("group");
    if (group != null && (group < 0 || group > Integer.MAX_VALUE)) {
      a.report(
          "group",
          "'group' for relocate must be from 0 to " + Integer.MAX_VALUE + ", not " + group);
      return null;
    }
    return group == null ? null : new Relocate(diag.at(op), group.intValue());
  }

  Step balance(Node op, Node value) {
    Args a = Args.ofOp(diag, op, value, null, List.of("type?", "usage?", "limit?"));
    names.filesystem(op, "balance");
    GroupType type = a.choice("type", GroupType.class);
    Long usage = a.integer("usage");
    if (usage != null && (usage < 0 || usage > 100)) {
      a.report("usage", "'usage' for balance must be from 0 to 100 (percent), not " + usage);
      usage = null;
    }
    Long limit = a.integer("limit");
    if (limit != null && (limit < 1 || limit > Integer.MAX_VALUE)) {
      a.report(
          "limit", "'limit' for balance must be from 1 to " + Integer.MAX_VALUE + ", not " + limit);
      limit = null;
    }
    boolean bad =
        (a.has("type") && type == null)
            || (a.has("usage") && usage == null)
            || (a.has("limit") && limit == null);
    return bad
        ? null
        : new Balance(
            diag.at(op),
            type == null ? null : type.name().toLowerCase(Locale.ROOT),
            usage == null ? -1 : usage.intValue(),
            limit == null ? -1 : limit.intValue());
  }

  Step cancelBalance(Node op, Node value) {
    noArguments(op, value);
    names.filesystem(op, "cancel-balance");
    return new CancelBalance(diag.at(op));
  }

  /** An op that takes no arguments is written with {@code {}} or nothing after it. */
  private void noArguments(Node op, Node value) {
    boolean empty = value instanceof MappingNode mapping && mapping.getValue().isEmpty();
    if (!empty && !Values.isNull(value)) {
      diag.report(
          value,
          ((ScalarNode) op).getValue()
              + " takes no arguments: write {} or nothing, not "
              + Values.describe(value));
    }
  }

  /** The file and range a step acts on; each null when it could not be read. */
  private record Target(String file, Long offset, Long length) {
    boolean complete() {
      return file != null && offset != null && length != null;
    }
  }

  /** Reads file, offset and length; checks that the filesystem is made and the file created. */
  private Target target(Node op, Args a) {
    names.filesystem(op, ((ScalarNode) op).getValue());
    String file = a.name("file");
    if (!names.file(a.node("file"), file)) {
      file = null;
    }
    Long offset = a.has("offset") ? a.pageMultiple("offset", false) : Long.valueOf(0);
    Long length = a.pageMultiple("length", true);
    return new Target(file, offset, length);
  }
}
