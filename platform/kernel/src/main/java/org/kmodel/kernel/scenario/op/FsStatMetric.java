package org.kmodel.kernel.scenario.op;

import java.util.regex.Pattern;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.kmodel.kernel.scenario.value.MetricUnit;
import org.yaml.snakeyaml.nodes.Node;

/** {@code fs.<stat>}: a statistic of the filesystem the scenario made. */
final class FsStatMetric extends MetricFamily {

  private static final Pattern STAT = Pattern.compile("[a-z_]+");

  FsStatMetric() {
    super("fs", "fs.<stat> (lower case and '_'), e.g. fs.relocation_flushed_bytes");
  }

  @Override
  boolean wellFormed(String rest) {
    return STAT.matcher(rest).matches();
  }

  @Override
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    names.filesystem(node, "metric '" + metric + "'");
    return true;
  }

  @Override
  boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    return ctx.kernel().fs().fs() != null;
  }

  @Override
  MetricUnit unit(String rest) {
    return java.util.Arrays.asList(rest.split("_")).contains("bytes")
        ? MetricUnit.BYTES
        : MetricUnit.COUNT;
  }

  @Override
  Object resolve(String metric, String rest, StepContext ctx, Location where) {
    Kernel kernel = ctx.kernel();
    Long v = kernel.fs().stats().get(rest);
    if (v == null) {
      throw new BadInputException(
          where,
          kernel.fs().fs() == null
              ? "no filesystem has been made (mkfs) when " + metric + " is read"
              : "the filesystem has no stat '"
                  + rest
                  + "'"
                  + statHint(rest, kernel.fs().stats().keySet()));
    }
    return v;
  }

  /** A close stat's name, else a short list; docs/METRICS.md lists them all. */
  private static String statHint(String rest, java.util.Collection<String> stats) {
    String close = Suggestions.closest(rest, stats);
    return close != null
        ? "; did you mean '" + close + "'?"
        : " (it has: " + Suggestions.list(stats) + "; see docs/METRICS.md)";
  }
}
