package org.kmodel.kernel.scenario;

import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks the shape of metric names in {@code expect} steps, and that the processes and regions they
 * name are live at that step. Whether a counter or field exists is for the kernel to say.
 */
final class MetricNames {

  private static final List<String> PREFIXES =
      List.of("vmstat", "meminfo", "smaps", "knob", "huge");

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern MEMINFO_FIELD = Pattern.compile("[A-Za-z0-9_()]+");

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
          default -> rest.startsWith("/") && rest.length() > 1;
        };
    if (!ok) {
      diag.report(node, "bad metric '" + metric + "': expected " + shape(prefix));
      return false;
    }
    if (prefix.equals("smaps") || prefix.equals("huge")) {
      names.region(node, parts[0], node, parts[1]);
    }
    return true;
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
      default -> "knob.<path>, e.g. knob./sys/kernel/mm/transparent_hugepage/enabled";
    };
  }
}
