package org.kmodel.kernel.scenario.op;

import java.util.List;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.OpSyntax;

/**
 * One op of the scenario contract, whole: how it is written (its arguments and the names it
 * introduces or uses, read through {@link OpInput}), the slots its steps wait for, and what a step
 * does when it runs. An op either runs as one step of its task ({@link Action}) or hands its work
 * to a task of the filesystem ({@link FsOperation}). Every op is listed once in {@link Operations}.
 *
 * @param <S> the record a step of this op parses to
 */
public abstract sealed class Operation<S extends Step> implements OpSyntax
    permits Action, FsOperation {
  private final String name;
  private final Class<S> type;

  Operation(String name, Class<S> type) {
    this.name = name;
    this.type = type;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The record a step of this op parses to. */
  public final Class<S> type() {
    return type;
  }

  @Override
  public abstract S parse(OpInput in);

  /** The slots that must be filled before a step of this op runs. */
  public Needs needs() {
    return Needs.NOTHING;
  }

  /** Whether a step of this op counts among its phase's steps; a {@code phase} step does not. */
  public boolean counted() {
    return true;
  }

  /**
   * Checks the sizes of a step that are counted in the machine's units, once the machine is pinned
   * (see {@link SizeChecks}); the parser checked only that they are well written.
   */
  void validate(S step, SizeChecks checks) {}

  final void validateStep(Step step, SizeChecks checks) {
    validate(cast(step), checks);
  }

  /** The steps a step of this op holds, in file order ({@code tasks} holds its tasks' steps). */
  List<Step> nested(S step) {
    return List.of();
  }

  final List<Step> nestedIn(Step step) {
    return nested(type.cast(step));
  }

  final S cast(Step step) {
    return type.cast(step);
  }
}
