package org.kmodel.kernel.scenario.op;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.kmodel.kernel.scenario.value.MetricUnit;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code bg.<number>.<field>}: a field of a block group, by its stable number (see {@code
 * FsSupport#group}); a removed group reads as 0 and {@code removed: true}.
 */
final class BlockGroupMetric extends MetricFamily {

  /** The fields of a block group, as {@code bg.<number>.<field>} names them. */
  private static final List<String> FIELDS =
      List.of(
          "used",
          "reserved",
          "ro",
          "reservations",
          "nocow_writers",
          "length",
          "start",
          "type",
          "removed");

  /** A block group's number: decimal, no leading zeros, small enough for an int. */
  private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,8}");

  BlockGroupMetric() {
    super("bg", "bg.<number>.<field>, e.g. bg.0.used");
  }

  @Override
  boolean wellFormed(String rest) {
    String[] parts = rest.split("\\.", -1);
    return parts.length == 2
        && NUMBER.matcher(parts[0]).matches()
        && WORD.matcher(parts[1]).matches();
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    String field = rest.split("\\.")[1];
    if (!FIELDS.contains(field)) {
      diag.report(
          node,
          "unknown block-group field '"
              + field
              + "' in metric '"
              + metric
              + "' "
              + Suggestions.known(field, FIELDS));
      return false;
    }
    names.filesystem(node, "metric '" + metric + "'");
    return true;
  }

  @Override
  boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    int dot = rest.indexOf('.');
    return ctx.kernel().fs().fs() != null
        && dot > 0
        && Integer.parseInt(rest.substring(0, dot)) < ctx.kernel().fs().groupsNumbered();
  }

  @Override
  MetricUnit unit(String rest) {
    return switch (rest.substring(rest.indexOf('.') + 1)) {
      case "used", "reserved", "length", "start" -> MetricUnit.BYTES;
      case "removed" -> MetricUnit.FLAG;
      case "type" -> MetricUnit.TEXT;
      default -> MetricUnit.COUNT;
    };
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    String[] parts = rest.split("\\.");
    if (parts.length != 2) {
      throw new BadInputException(where, "block-group metrics are bg.<number>.<field>");
    }
    int number = Integer.parseInt(parts[0]);
    BlockGroupInfo g = kernel.fs().group(number);
    boolean removed = g == null && number < kernel.fs().groupsNumbered();
    if (g == null && !removed) {
      throw new BadInputException(
          where,
          "no block group "
              + number
              + " (groups 0.."
              + (kernel.fs().groupsNumbered() - 1)
              + " exist or existed)");
    }
    return switch (parts[1]) {
      case "removed" -> removed;
      case "used" -> removed ? 0L : g.used();
      case "reserved" -> removed ? 0L : g.reserved();
      case "ro" -> removed ? 0L : (long) g.readOnly();
      case "reservations" -> removed ? 0L : (long) g.reservations();
      case "nocow_writers" -> removed ? 0L : (long) g.nocowWriters();
      case "length" -> removed ? 0L : g.length();
      case "start" -> removed ? 0L : g.start();
      case "type" -> removed ? "removed" : g.type().name().toLowerCase(Locale.ROOT);
      default ->
          throw new BadInputException(
              where,
              "block groups have no field '" + parts[1] + "' (" + String.join(", ", FIELDS) + ")");
    };
  }
}
