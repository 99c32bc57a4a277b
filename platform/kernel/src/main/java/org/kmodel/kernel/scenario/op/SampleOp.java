package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.scenario.model.Sample;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.Values;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** {@code sample: {every, metrics}}: starts the run's time series; see {@link Sample}. */
final class SampleOp extends Action<Sample> {
  /** The most metrics one run records. */
  static final int MAX_METRICS = 64;

  SampleOp() {
    super("sample", Sample.class);
  }

  @Override
  public Sample parse(OpInput in) {
    Args a = in.args(null, "every", "metrics");
    Long every = a.duration("every");
    if (every != null && every <= 0) {
      a.report("every", "'every' for sample must be longer than 0, not " + a.written("every"));
      every = null;
    }
    List<String> metrics = null;
    if (a.has("metrics")) {
      Node list = a.node("metrics");
      if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        a.report(
            "metrics",
            "'metrics' for sample must be a list of metric names, e.g. [vmstat.pgfault,"
                + " meminfo.AnonHugePages], not "
                + Values.describe(list));
      } else if (seq.getValue().size() > MAX_METRICS) {
        a.report(
            "metrics",
            "'metrics' for sample lists "
                + seq.getValue().size()
                + " metrics: at most "
                + MAX_METRICS);
      } else {
        metrics = new ArrayList<>();
        for (Node item : seq.getValue()) {
          String metric = Values.text(in.diag(), item, "metrics", " for sample");
          if (metric == null || !MetricFamilies.check(item, metric, in.diag(), in.names())) {
            metrics = null;
            break;
          }
          if (metrics.contains(metric)) {
            in.diag().report(item, "metric '" + metric + "' is listed twice in sample");
            metrics = null;
            break;
          }
          metrics.add(metric);
        }
      }
    }
    return every == null || metrics == null ? null : new Sample(in.at(), every, metrics);
  }

  @Override
  void run(Sample s, StepContext ctx) {
    ctx.startSampling(s.where(), s.everyNanos(), s.metrics());
  }
}
