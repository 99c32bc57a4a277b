package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.parse.ScenarioParser;

/**
 * Every op of the scenario contract, each with its handler: a new op is one class and one line
 * here.
 */
public final class Operations {

  /** Every op, in the order messages list them. */
  public static final List<Operation<?>> ALL =
      List.of(
          new SpawnOp(),
          new MmapOp(),
          new MunmapOp(),
          new MprotectOp(),
          new MremapOp(),
          new MadviseOp(),
          new TouchOp(),
          new FillOp(),
          new CheckOp(),
          new PinOp(),
          new UnpinOp(),
          new ForkOp(),
          new ExitOp(),
          new SleepOp(),
          new KhugepagedOp(),
          new SetOp(),
          new SwapOp(),
          new ExpectOp(),
          new PhaseOp(),
          new MkfsOp(),
          new CreateOp(),
          new WriteOp(),
          new FallocateOp(),
          new FsyncOp(),
          new CommitOp(),
          new ReadOp(),
          new RelocateOp(),
          new BalanceOp(),
          new CancelBalanceOp(),
          new TasksOp());

  private static final Map<Class<?>, Operation<?>> BY_STEP = new HashMap<>();

  static {
    ALL.forEach(op -> BY_STEP.put(op.type(), op));
  }

  private Operations() {}

  /** A parser for scenario files whose steps use these ops. */
  public static ScenarioParser parser() {
    return new ScenarioParser(ALL);
  }

  /** The op a parsed step belongs to. */
  public static Operation<?> of(Step step) {
    return BY_STEP.get(step.getClass());
  }

  /** The steps and every step they hold (the steps of {@code tasks}), in file order. */
  public static List<Step> flatten(List<Step> steps) {
    List<Step> all = new ArrayList<>();
    for (Step s : steps) {
      all.add(s);
      all.addAll(flatten(of(s).nestedIn(s)));
    }
    return all;
  }
}
