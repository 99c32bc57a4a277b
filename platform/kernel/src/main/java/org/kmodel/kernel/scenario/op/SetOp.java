package org.kmodel.kernel.scenario.op;

import java.util.List;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.SetKnobs;
import org.kmodel.kernel.scenario.parse.Knobs;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.yaml.snakeyaml.nodes.MappingNode;

/** {@code set: {path: value, ...}}: writes knobs now, in order; see {@link SetKnobs}. */
final class SetOp extends Action<SetKnobs> {

  SetOp() {
    super("set", SetKnobs.class);
  }

  @Override
  public SetKnobs parse(OpInput in) {
    List<KnobWrite> writes = Knobs.read(in.diag(), in.value(), " for set");
    if (writes != null && ((MappingNode) in.value()).getValue().isEmpty()) {
      in.diag().report(in.value(), "set needs at least one knob");
      return null;
    }
    return writes == null ? null : new SetKnobs(in.at(), writes);
  }

  @Override
  void run(SetKnobs step, StepContext ctx) {
    step.writes().forEach(w -> KnobWriter.write(ctx.kernel(), w, ctx::fail));
  }
}
