package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.op.Operations;

/**
 * {@code phase.<name>.<field>} names a phase an earlier step started and a field of the report's
 * {@code phases}; anything else is bad input at the metric, with the likely name.
 */
class PhaseMetricProblemsTest {
  private static final String FILE = "scenarios/p.yaml";

  /** The fields a message lists, cut to fit a line: 22 in all. */
  private static final String FIELDS =
      "start_ns, end_ns, steps, simulated_us, accesses, ... (17 more)";

  private static List<String> problems(String steps) {
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () -> Operations.parser().parse(FILE, "name: t\nsteps:\n" + steps));
    return e.problems().stream().map(Problem::toString).toList();
  }

  private static String x(int line, int column, String message) {
    return FILE + ":" + line + ":" + column + ": " + message;
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnesAndTheLikelyOne() {
    assertEquals(
        List.of(
            x(
                4,
                14,
                "unknown phase field 'clear_us' in metric 'phase.fill.clear_us' (known: "
                    + FIELDS
                    + "; did you mean 'clear_ns'?)"),
            x(
                4,
                38,
                "unknown phase field 'faults' in metric 'phase.fill.faults' (known: "
                    + FIELDS
                    + "; did you mean 'fault_ns'?)")),
        problems(
            "  - phase: fill\n" + "  - expect: {phase.fill.clear_us: 0, phase.fill.faults: 1}\n"));
  }

  @Test
  void aPhaseMustBeStartedByAnEarlierStep() {
    assertEquals(
        List.of(
            x(4, 14, "phase 'fil' is not started by an earlier phase step (did you mean 'fill'?)"),
            x(5, 14, "phase 'later' is not started by an earlier phase step")),
        problems(
            "  - phase: fill\n"
                + "  - expect: {phase.fil.steps: 1}\n"
                + "  - expect: {phase.later.steps: 1}\n"
                + "  - phase: later\n"));
  }

  @Test
  void theMetricNeedsANameAndAField() {
    String shape = "expected phase.<name>.<field>, e.g. phase.fill.simulated_us";
    assertEquals(
        List.of(
            x(4, 14, "bad metric 'phase.steps': " + shape),
            x(5, 14, "bad metric 'phase..steps': " + shape),
            x(6, 14, "bad metric 'phase.fill.': " + shape)),
        problems(
            "  - phase: fill\n"
                + "  - expect: {phase.steps: 1}\n"
                + "  - expect: {phase..steps: 1}\n"
                + "  - expect: {phase.fill.: 1}\n"));
  }

  @Test
  void phaseNamesMayHoldSpacesAndDotsAndTasksShareTheirPhases() throws ScenarioException {
    Operations.parser()
        .parse(
            FILE,
            """
            name: t
            steps:
              - phase: first touch
              - phase: v1.2
              - tasks:
                  a: [phase: in a task]
                  b: [spawn: p1]
              - expect:
                  phase.first touch.steps: 0
                  phase.v1.2.faults_4k: 0
                  phase.in a task.simulated_us: 0
            """);
  }
}
