package org.kmodel.kernel.scenario.op;

import java.util.regex.Pattern;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.Process;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.parse.Diagnostics;
import org.kmodel.kernel.scenario.parse.NameScope;
import org.kmodel.kernel.scenario.parse.Values;
import org.kmodel.kernel.scenario.value.MetricUnit;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One family of metric names, {@code <prefix>.<rest>}: the shape a name must have and the names it
 * uses, checked when the scenario is read; and how its value is read from the kernel when an {@code
 * expect} runs. Whether a counter, field, stat or block group exists is for the kernel to say then.
 * Every family is listed once in {@link MetricFamilies}.
 */
abstract class MetricFamily {
  static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");

  private final String prefix;
  private final String shape;

  /**
   * @param shape the family's form with an example, as messages show it, e.g. {@code
   *     huge.<pid>.<region>, e.g. huge.p1.area}
   */
  MetricFamily(String prefix, String shape) {
    this.prefix = prefix;
    this.shape = shape;
  }

  final String prefix() {
    return prefix;
  }

  final String shape() {
    return shape;
  }

  /** Whether {@code rest}, the name after the prefix's dot, has the family's shape. */
  abstract boolean wellFormed(String rest);

  /**
   * Checks, at the {@code expect} step, what a well-formed name refers to: a live process's region,
   * a file, the filesystem. Reports problems at {@code node}.
   *
   * @return whether the metric can be read
   */
  boolean checkNames(String metric, String rest, Node node, Diagnostics diag, NameScope names) {
    return true;
  }

  /**
   * Whether {@code kernel}, booted with its bundles attached, lacks what the name refers to,
   * checked before the first step so that every such name is reported at once: the message, or null
   * when it has it or when only the run can tell (the default: a process, a file, the filesystem).
   */
  String missingAtBoot(String rest, Kernel kernel) {
    return null;
  }

  /**
   * What the metric's value measures, which decides how expected values are read and shown; a count
   * unless the family says otherwise.
   */
  MetricUnit unit(String rest) {
    return MetricUnit.COUNT;
  }

  /** Checks the sizes the name holds in the machine's units (see {@link SizeChecks}). */
  void validate(Expectation x, String rest, SizeChecks checks) {}

  /**
   * Whether what the name refers to exists now, so that an {@code always} predicate can be read
   * after this step (the default: the kernel's counters and knobs always exist).
   *
   * @param created the files whose create has run
   */
  boolean present(String rest, StepContext ctx, java.util.Set<String> created) {
    return true;
  }

  /**
   * The metric's value now, for the {@code expect} step running in {@code ctx}: a Long, a Double, a
   * Boolean or a String.
   *
   * @throws BadInputException for a name the kernel does not have
   */
  abstract Object resolve(String metric, String rest, StepContext ctx, Location where);

  /** Whether every dot-separated part is a process, region or file name. */
  static boolean allNames(String[] parts) {
    for (String part : parts) {
      if (!Values.isName(part)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The range of a live process's region. A process that has exited or was killed reads as empty
   * (the callers check that first); one that never lived is bad input.
   */
  static long[] region(Kernel kernel, String pid, String name, Location where) {
    Process p = kernel.processes().get(pid);
    if (p == null) {
      throw new BadInputException(where, "no process " + pid + " ever ran");
    }
    Process.Region r = p.region(name);
    if (r == null) {
      throw new BadInputException(where, pid + " has no region " + name);
    }
    return new long[] {r.start(), r.end()};
  }
}
