package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.value.Comparison;

/**
 * The predicates of a scenario's {@code always:} section, checked after every step of a run.
 *
 * <p>A predicate is checked from the first step after which what its metric names exists — the
 * filesystem made, the file created, the process spawned, the phase started — so that {@code
 * data.f.0: ">= 0"} does not fail before {@code create: f}. The first failure of each predicate is
 * reported, then it is no longer checked: later steps usually repeat it, and the explorer groups by
 * the first. Each metric's name is split once, when the run starts, so a check reads only the
 * metrics named and parses nothing.
 */
public final class Always {

  /** A predicate that did not hold: the line it was written on and what was read. */
  public record Broken(Expectation predicate, Comparison expected, Object actual) {}

  private static final class Probe {
    final Expectation predicate;
    final MetricFamily family;
    final String rest;
    boolean broken;

    Probe(Expectation predicate, MetricFamily family, String rest) {
      this.predicate = predicate;
      this.family = family;
      this.rest = rest;
    }
  }

  private final Probe[] probes;
  private final Set<String> created = new HashSet<>();

  /** The predicates of {@code always:}, in the order written. */
  public Always(List<Expectation> predicates) {
    List<Probe> list = new ArrayList<>();
    for (Expectation x : predicates) {
      MetricFamily family = MetricFamilies.familyOf(x.metric());
      if (family != null) {
        list.add(new Probe(x, family, MetricFamilies.restOf(x.metric())));
      }
    }
    probes = list.toArray(new Probe[0]);
  }

  /** Whether there is anything to check. */
  public boolean isEmpty() {
    return probes.length == 0;
  }

  /** Notes that a step of {@code create} of this file has run: its data metrics can be read. */
  public void created(String file) {
    created.add(file);
  }

  /**
   * Checks every predicate not yet broken whose metric can be read now.
   *
   * @return the predicates that broke at this step, in the order written; empty (and allocating
   *     nothing) when all hold
   * @throws BadInputException for a metric the kernel does not have
   */
  public List<Broken> check(StepContext ctx) {
    List<Broken> out = List.of();
    for (Probe p : probes) {
      if (p.broken || !p.family.present(p.rest, ctx, created)) {
        continue;
      }
      Comparison expected = p.predicate.expected();
      if (expected == null) {
        expected = p.predicate.applicable(ExpectOp.occupants(ctx));
        if (expected == null) {
          continue;
        }
      }
      Object actual = p.family.resolve(p.predicate.metric(), p.rest, ctx, p.predicate.where());
      if (!expected.test(actual)) {
        p.broken = true;
        if (out.isEmpty()) {
          out = new ArrayList<>();
        }
        out.add(new Broken(p.predicate, expected, actual));
      }
    }
    return out;
  }
}
