package org.kmodel.container.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.BundleSet;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.osgi.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kmodel bundles [--set NAME]}: boots a bundle set and lists what is installed. */
@Command(
    name = "bundles",
    mixinStandardHelpOptions = true,
    description =
        "Boot a bundle set and the deploy directory and list their bundles: name, version, state,"
            + " services, problem.")
final class BundlesCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--set",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "the bundle set from conf/bundle-sets.yaml (default: ${DEFAULT-VALUE})")
  String set;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--sets", description = "list the bundle sets instead")
  boolean listSets;

  @Option(
      names = "--deploy",
      paramLabel = "DIR",
      description = "the hot-deploy directory to include (default: deploy/ of the installation)")
  Path deploy;

  @Option(names = "--no-deploy", description = "leave the hot-deploy directory out")
  boolean noDeploy;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Launch launch = new Launch(KmodelHome.locate());
    if (listSets) {
      for (String name : launch.sets().names()) {
        BundleSet s = launch.sets().get(name);
        out.printf(
            "%-12s %s%n%-12s   %s%n", name, s.description(), "", String.join(", ", s.bundles()));
      }
      return 0;
    }
    if (deploy != null && !noDeploy && !Files.isDirectory(deploy)) {
      err.println("kmodel: --deploy " + deploy + ": no such directory");
      return 2;
    }
    Path deployDir = noDeploy ? null : deploy != null ? deploy : launch.home().deploy();
    BundleSet bundleSet = launch.sets().get(set);
    List<BundleInfo> bundles;
    List<String> problems;
    try (Container c = launch.boot(bundleSet.bundles(), deployDir)) {
      bundles = c.bundles();
      problems = c.problems();
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(
          mapper.writeValueAsString(
              java.util.Map.of("set", set, "bundles", bundles, "problems", problems)));
    } else {
      out.printf("bundle set '%s': %s%n", set, bundleSet.description());
      out.printf("%4s  %-34s %-22s %-9s %s%n", "ID", "NAME", "VERSION", "STATE", "SERVICES");
      for (BundleInfo b : bundles) {
        out.printf(
            "%4s  %-34s %-22s %-9s %s%n",
            b.id() < 0 ? "-" : Long.toString(b.id()),
            b.name(),
            b.version(),
            b.state(),
            String.join("; ", b.services()));
        if (b.problem() != null) {
          out.printf("%4s  problem: %s%n", "", b.problem());
        }
      }
    }
    problems.forEach(p -> err.println("kmodel: " + p));
    out.flush();
    return problems.isEmpty() ? 0 : 1;
  }
}
