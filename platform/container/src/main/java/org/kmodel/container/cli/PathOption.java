package org.kmodel.container.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Step;
import org.kmodel.kernel.scenario.model.Tasks;
import org.kmodel.kernel.scenario.model.Trace;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.value.InputText;

/**
 * Where a scenario may read files from: the files it names (a buddyinfo, a CPU profile) must lie
 * under its own directory (for a scenario of the installation, under its {@code scenarios/}),
 * symbolic links followed, unless {@code --allow-path DIR} names another directory. A scenario from
 * elsewhere then cannot make kmodel read, and quote, any file the user can read.
 */
final class PathOption {
  static final String DESCRIPTION =
      "a directory the scenario may read files from besides its own (repeatable): a buddyinfo,"
          + " CPU profile or trace path must lie under one of them";

  private PathOption() {}

  /**
   * @throws BadInputException naming the file, the key and the directories allowed, when the
   *     scenario names a file outside them
   */
  static void check(Scenario s, List<Path> allowed) {
    List<Path> roots = new ArrayList<>();
    Path dir = Path.of(s.file()).toAbsolutePath().getParent();
    if (dir != null) {
      Path own = real(dir);
      roots.add(own);
      // The installation's scenarios share their data directory.
      Path shipped = real(org.kmodel.container.KmodelHome.locate().scenarios().toAbsolutePath());
      if (own.startsWith(shipped)) {
        roots.add(shipped);
      }
    }
    for (Path p : allowed) {
      roots.add(real(p.toAbsolutePath()));
    }
    Machine m = s.machine();
    check("buddyinfo", m.buddyinfoPath(), m.buddyinfoPath(), roots, m.where());
    String cpu = m.cpu();
    if (cpu != null && (cpu.contains("/") || cpu.endsWith(".yaml"))) {
      check("cpu", cpu, cpu, roots, m.where());
    }
    checkSteps(s.steps(), roots);
  }

  private static void checkSteps(List<Step> steps, List<Path> roots) {
    for (Step step : steps) {
      if (step instanceof Trace t) {
        check("trace", t.file(), t.written(), roots, t.where());
      } else if (step instanceof Tasks tasks) {
        tasks.tasks().values().forEach(list -> checkSteps(list, roots));
      }
    }
  }

  private static void check(
      String key, String path, String written, List<Path> roots, Location where) {
    if (path == null) {
      return;
    }
    Path p;
    try {
      p = real(Path.of(path).toAbsolutePath());
    } catch (InvalidPathException e) {
      return;
    }
    for (Path root : roots) {
      if (p.startsWith(root)) {
        return;
      }
    }
    throw new BadInputException(
        where,
        "the "
            + key
            + " file "
            + "'"
            + InputText.quote(written)
            + "'"
            + " lies outside the scenario's directory; --allow-path DIR lets a scenario read from"
            + " DIR");
  }

  /** The path with symbolic links followed where it exists, else normalised. */
  private static Path real(Path p) {
    Path n = p.normalize();
    try {
      return Files.exists(n) ? n.toRealPath() : n;
    } catch (IOException e) {
      return n;
    }
  }
}
