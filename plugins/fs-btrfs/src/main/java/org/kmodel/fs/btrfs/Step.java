package org.kmodel.fs.btrfs;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * A guarded atomic step: a description (computed from the state when asked, so that a timeline
 * shows what the step will do or did), a guard and a body whose optional result is appended to the
 * description once the step ran.
 */
final class Step implements FsStep {
  private static final BooleanSupplier ALWAYS = () -> true;

  private final Supplier<String> description;
  private final BooleanSupplier guard;
  private final Supplier<String> body;
  private Supplier<Footprint> footprint = () -> Footprint.EVERYTHING;
  private String before;
  private String outcome;

  private Step(Supplier<String> description, BooleanSupplier guard, Supplier<String> body) {
    this.description = description;
    this.guard = guard;
    this.body = body;
  }

  /** A step that always may run; {@code body} returns a note for the timeline or {@code null}. */
  static Step of(Supplier<String> description, Supplier<String> body) {
    return new Step(description, ALWAYS, body);
  }

  static Step of(String description, Supplier<String> body) {
    return new Step(() -> description, ALWAYS, body);
  }

  /** A step that may run only while {@code guard} holds. */
  static Step guarded(Supplier<String> description, BooleanSupplier guard, Supplier<String> body) {
    return new Step(description, guard, body);
  }

  /** A wait: a step with no work whose guard is the condition waited for. */
  static Step waitUntil(String description, BooleanSupplier condition) {
    return new Step(() -> description, condition, () -> null);
  }

  /**
   * Declares what the step touches, asked in the state the step would run in (see {@link
   * Footprint}); a step that declares nothing conflicts with every other.
   */
  Step touching(Supplier<Footprint> footprint) {
    this.footprint = footprint;
    return this;
  }

  /** This step as a task of one step. */
  FsTask once() {
    return new FsTask() {
      private boolean given;

      @Override
      public FsStep next() {
        if (given) {
          return null;
        }
        given = true;
        return Step.this;
      }
    };
  }

  @Override
  public boolean ready() {
    return guard.getAsBoolean();
  }

  @Override
  public void run() {
    before = description.get();
    outcome = body.get();
  }

  @Override
  public Footprint footprint() {
    return footprint.get();
  }

  @Override
  public String describe() {
    if (before == null) {
      return description.get();
    }
    return outcome == null ? before : before + " -> " + outcome;
  }
}
