package org.kmodel.kernel.scenario.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Exit;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Phase;
import org.kmodel.kernel.scenario.model.Spawn;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Tasks;

/** The table of ops: one handler per step record, found by the record's own op name. */
class OperationsTest {

  private static final Location AT = new Location("t.yaml", 1, 1);

  @Test
  void everyStepRecordHasExactlyOneHandlerNamedAsTheRecordSaysItsOp() {
    List<Class<?>> records = Arrays.asList(Step.class.getPermittedSubclasses());
    assertEquals(records.size(), Operations.ALL.size());
    assertEquals(
        new HashSet<>(records),
        new HashSet<>(Operations.ALL.stream().map(Operation::type).toList()));
    for (Operation<?> op : Operations.ALL) {
      assertNotNull(Operations.of(sample(op)), op.name());
      assertEquals(op.name(), sample(op).op());
    }
  }

  @Test
  void flatteningListsTheStepsOfTasksAfterTheBlockInFileOrder() {
    Step spawn = new Spawn(AT, "p1");
    Step exit = new Exit(new Location("t.yaml", 5, 1), "p1");
    Step phase = new Phase(new Location("t.yaml", 6, 1), "x");
    Tasks tasks =
        new Tasks(new Location("t.yaml", 2, 1), Map.of("a", List.of(spawn), "b", List.of(exit)));

    List<Step> flat = Operations.flatten(List.of(tasks, phase));

    assertEquals(4, flat.size());
    assertEquals(tasks, flat.get(0));
    assertEquals(phase, flat.get(3));
    assertEquals(new HashSet<>(List.of(spawn, exit)), new HashSet<>(flat.subList(1, 3)));
  }

  /** A step of the op, made from its record's canonical constructor with default values. */
  private static Step sample(Operation<?> op) {
    var constructor = op.type().getDeclaredConstructors()[0];
    Object[] args =
        Arrays.stream(constructor.getParameterTypes()).map(OperationsTest::value).toArray();
    try {
      return (Step) constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(op.name(), e);
    }
  }

  private static Object value(Class<?> type) {
    if (type == Location.class) {
      return AT;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == Map.class) {
      return Map.of();
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    return null;
  }
}
