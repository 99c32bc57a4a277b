package org.kmodel.kernel.scenario.parse;

import java.util.List;
import java.util.regex.Pattern;
import org.kmodel.kernel.scenario.value.Sizes;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks the shape of metric names in {@code expect} steps, and that the processes, regions and
 * files they name are live at that step (and the filesystem made, for filesystem metrics). Whether
 * a counter, field, stat or block group exists is for the kernel to say.
 */
final class MetricNames {

  private static final List<String> PREFIXES =
      List.of("vmstat", "meminfo", "smaps", "knob", "huge", "fs", "bg", "data");

  /** The fields of a block group, as {@code bg.<number>.<field>} names them. */
  private static final List<String> BG_FIELDS =
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

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern MEMINFO_FIELD = Pattern.compile("[A-Za-z0-9_()]+");
  private static final Pattern FS_STAT = Pattern.compile("[a-z_]+");

  /** A block group's number: decimal, no leading zeros, small enough for an int. */
  private static final Pattern BG_NUMBER = Pattern.compile("0|[1-9][0-9]{0,8}");

  private static final long PAGE = 4096;

  private final Diagnostics diag;
  private final NameScope names;

  MetricNames(Diagnostics diag, NameScope names) {
    this.diag = diag;
    this.names = names;
  }

  /** Checks a metric name written at {@code node}; returns whether it is well formed. */
  boolean check(Node node, String metric) {
    int dot = metric.indexOf('.');
    String prefix = dot < 0 ? metric : metric.substring(0, dot);
    String rest = dot < 0 ? "" : metric.substring(dot + 1);
    if (!PREFIXES.contains(prefix)) {
      diag.report(
          node,
          "unknown metric '"
              + metric
              + "' "
              + Suggestions.known(prefix, PREFIXES).replace("known:", "known prefixes:"));
      return false;
    }
    String[] parts = rest.split("\\.", -1);
    boolean ok =
        switch (prefix) {
          case "vmstat" -> WORD.matcher(rest).matches();
          case "meminfo" -> MEMINFO_FIELD.matcher(rest).matches();
          case "smaps" -> parts.length == 3 && allWords(parts);
          case "huge" -> parts.length == 2 && allWords(parts);
          case "fs" -> FS_STAT.matcher(rest).matches();
          case "bg" ->
              parts.length == 2
                  && BG_NUMBER.matcher(parts[0]).matches()
                  && WORD.matcher(parts[1]).matches();
          case "data" -> dataOffset(rest) != null;
          default -> rest.startsWith("/") && rest.length() > 1;
        };
    if (!ok) {
      diag.report(node, "bad metric '" + metric + "': expected " + shape(prefix));
      return false;
    }
    if (prefix.equals("smaps") || prefix.equals("huge")) {
      names.region(node, parts[0], node, parts[1]);
    }
    if (prefix.equals("bg") && !BG_FIELDS.contains(parts[1])) {
      diag.report(
          node,
          "unknown block-group field '"
              + parts[1]
              + "' in metric '"
              + metric
              + "' "
              + Suggestions.known(parts[1], BG_FIELDS));
      return false;
    }
    if (prefix.equals("fs") || prefix.equals("bg")) {
      names.filesystem(node, "metric '" + metric + "'");
    }
    if (prefix.equals("data")) {
      names.file(node, parts[0]);
    }
    return true;
  }

  /**
   * The offset of {@code <file>.<offset>}: a size (which may itself hold a dot, as in {@code 1.5M})
   * that is a multiple of 4K, after a file name; null when the text is not of that shape.
   */
  private static Long dataOffset(String rest) {
    int dot = rest.indexOf('.');
    if (dot < 0 || !Values.isName(rest.substring(0, dot))) {
      return null;
    }
    try {
      long offset = Sizes.parse(rest.substring(dot + 1));
      return offset % PAGE == 0 ? offset : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean allWords(String[] parts) {
    for (String part : parts) {
      if (!Values.isName(part)) {
        return false;
      }
    }
    return true;
  }

  private static String shape(String prefix) {
    return switch (prefix) {
      case "vmstat" -> "vmstat.<counter>, e.g. vmstat.thp_fault_alloc";
      case "meminfo" -> "meminfo.<Field>, e.g. meminfo.AnonHugePages";
      case "smaps" -> "smaps.<pid>.<region>.<Field>, e.g. smaps.p1.area.AnonHugePages";
      case "huge" -> "huge.<pid>.<region>, e.g. huge.p1.area";
      case "fs" -> "fs.<stat> (lower case and '_'), e.g. fs.relocation_flushed_bytes";
      case "bg" -> "bg.<number>.<field>, e.g. bg.0.used";
      case "data" -> "data.<file>.<offset> with offset a multiple of 4K, e.g. data.f.8K";
      default -> "knob.<path>, e.g. knob./sys/kernel/mm/transparent_hugepage/enabled";
    };
  }
}
