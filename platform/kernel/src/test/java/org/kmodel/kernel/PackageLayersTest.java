package org.kmodel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/ARCHITECTURE.md draws, read from the sources: neither the API nor the
 * kernel has a package cycle, and the kernel's layers point the way the document says.
 */
class PackageLayersTest {
  private static final Path KERNEL = Path.of("src/main/java");
  private static final Path API = Path.of("../api/src/main/java");

  /** Package to the packages under {@code prefix} its code (not its comments) names. */
  private static Map<String, Set<String>> dependencies(Path root, String prefix) {
    assertTrue(Files.isDirectory(root), root + " from the kernel module's directory");
    Pattern pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    Pattern ref = Pattern.compile("\\b(" + Pattern.quote(prefix) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String source = Files.readString(f);
        Matcher m = pkg.matcher(source);
        assertTrue(m.find(), f + " has no package");
        String from = m.group(1);
        Set<String> deps = graph.computeIfAbsent(from, k -> new TreeSet<>());
        for (String line : source.split("\n")) {
          String t = line.strip();
          if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            continue;
          }
          Matcher r = ref.matcher(line);
          while (r.find()) {
            if (!r.group(1).equals(from)) {
              deps.add(r.group(1));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The package cycles of a graph: every package from which it can come back to itself. */
  private static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> out = new ArrayList<>();
    for (String start : graph.keySet()) {
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.push(List.of(start));
      Map<String, Boolean> seen = new HashMap<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.pop();
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
          if (next.equals(start)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(start);
            out.add(String.join(" -> ", cycle));
          } else if (seen.putIfAbsent(next, true) == null) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            paths.push(longer);
          }
        }
      }
    }
    return out;
  }

  @Test
  void theApiPackagesFormNoCycleAndTheRootNamesNoContract() {
    Map<String, Set<String>> api = dependencies(API, "org.kmodel.api");
    assertEquals(List.of(), cycles(api));
    assertEquals(
        Set.of("org.kmodel.api.counter", "org.kmodel.api.knob", "org.kmodel.api.machine"),
        api.get("org.kmodel.api"));
  }

  @Test
  void theKernelPackagesFormNoCycle() {
    assertEquals(List.of(), cycles(dependencies(KERNEL, "org.kmodel.kernel")));
  }

  @Test
  void theCostModelAndTheMemoryManagerStayBelowTheScenarioAndTheKernel() {
    Map<String, Set<String>> kernel = dependencies(KERNEL, "org.kmodel.kernel");
    assertEquals(Set.of("org.kmodel.kernel.scenario.value"), kernel.get("org.kmodel.kernel.cost"));
    for (String below : List.of("org.kmodel.kernel.mm", "org.kmodel.kernel.fs")) {
      for (String dep : kernel.get(below)) {
        assertTrue(
            !dep.equals("org.kmodel.kernel")
                && !dep.startsWith("org.kmodel.kernel.scenario")
                && !dep.startsWith("org.kmodel.kernel.run"),
            below + " depends on " + dep);
      }
    }
  }
}
