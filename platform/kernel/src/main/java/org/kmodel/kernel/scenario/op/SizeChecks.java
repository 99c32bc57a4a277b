package org.kmodel.kernel.scenario.op;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.ArgumentSites;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.model.Range;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * The check, once the machine is pinned, that a scenario's sizes are whole numbers of the units
 * they are counted in: the architecture's base page for memory (the machine's memory and swap, mmap
 * sizes and alignments, offsets, lengths and strides in regions), the filesystem's sector for
 * files. Until then the base page is not known — an arm64 machine may have 4K, 16K or 64K pages —
 * so the parser checks only that sizes are well written. Each op checks its own arguments ({@link
 * Operation#validate}); every problem is collected, at the value it refuses, in the architecture's
 * units.
 */
public final class SizeChecks {
  private final Kernel.BasePage page;
  private final long sector;
  private final ArgumentSites sites;
  private final List<Problem> problems = new ArrayList<>();

  private SizeChecks(Kernel.BasePage page, long sector, ArgumentSites sites) {
    this.page = page;
    this.sector = sector;
    this.sites = sites;
  }

  /**
   * Checks every size of the scenario: the machine's, then every step's, those in tasks included.
   *
   * @param page the base page, or null when no architecture has been seen: memory sizes are then
   *     not checked (no step that needs one can run anyway)
   * @return the problems, in file order
   */
  public static List<Problem> check(Scenario scenario, Kernel.BasePage page) {
    SizeChecks checks = new SizeChecks(page, FsSupport.SECTOR, scenario.sites());
    Machine m = scenario.machine();
    checks.pages(m.where(), "memory", m.memoryBytes());
    checks.pages(m.where(), "swap", m.swapBytes());
    for (Step step : Operations.flatten(scenario.steps())) {
      Operations.of(step).validateStep(step, checks);
    }
    scenario.always().forEach(x -> MetricFamilies.validate(x, checks));
    checks.problems.sort(Comparator.comparing(Problem::where));
    return List.copyOf(checks.problems);
  }

  /** Argument {@code name} of {@code step}, {@code bytes} long, must be a whole number of pages. */
  void pages(Step step, String name, long bytes) {
    pages(step.where(), name, bytes);
  }

  /** As {@link #pages(Step, String, long)}, for the step or section written at {@code owner}. */
  private void pages(Location owner, String name, long bytes) {
    if (page != null && bytes % page.bytes() != 0) {
      refuse(owner, name, bytes, "is not a multiple of " + page);
    }
  }

  /** An alignment (0 for none) must be at least a page; the parser saw it is a power of two. */
  void alignment(Step step, String name, long bytes) {
    if (page != null && bytes != 0 && bytes < page.bytes()) {
      refuse(step.where(), name, bytes, "is smaller than " + page);
    }
  }

  /** A range of a region must start and end on page boundaries. */
  void range(Step step, Range range) {
    pages(step, "offset", range.offset());
    if (!range.toEnd()) {
      pages(step, "length", range.length());
    }
  }

  /**
   * A count of base pages, argument {@code name} of {@code step}, must fit in a range of {@code
   * bytes}.
   */
  void pagesWithin(Step step, String name, long count, long bytes) {
    if (page != null && bytes % page.bytes() == 0 && count > bytes / page.bytes()) {
      problems.add(
          new Problem(
              sites.of(step.where(), name),
              "'"
                  + name
                  + "' "
                  + count
                  + " is more than the "
                  + bytes / page.bytes()
                  + " pages of "
                  + Sizes.format(bytes)));
    }
  }

  /** Argument {@code name} of a filesystem step must be a whole number of sectors. */
  void sectors(Step step, String name, long bytes) {
    if (bytes % sector != 0) {
      refuse(step.where(), name, bytes, "is not a multiple of " + sectorName());
    }
  }

  /**
   * A size within a metric's name, written at {@code where}, must be a whole number of sectors.
   *
   * @param what the size as messages name it, e.g. {@code offset 2K of data.f.2K}
   */
  void sectors(Location where, String what, long bytes) {
    if (bytes % sector != 0) {
      problems.add(new Problem(where, what + " is not a multiple of " + sectorName()));
    }
  }

  private String sectorName() {
    return "the filesystem's " + Sizes.format(sector) + " sector";
  }

  private void refuse(Location owner, String name, long bytes, String why) {
    problems.add(new Problem(sites.of(owner, name), name + " " + Sizes.format(bytes) + " " + why));
  }
}
