package org.kmodel.testkit.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.kmodel.api.Plugin;

/**
 * Builds a throwaway plugin bundle from classes on the test class path, so a swap or hot-deploy
 * test needs no extra reactor module:
 *
 * <pre>
 * Path jar = TestBundle.named("org.example.thp.never")
 *     .service(ThpPolicy.class, NeverThpPolicy.class, "thp-never", 200)
 *     .build(dir);
 * </pre>
 *
 * The bundle imports every kmodel API package (and {@code org.osgi.framework} for its activator);
 * {@link #importPackage} adds more. Classes are copied with their superclasses, enclosing and
 * member classes; anonymous classes are not found, so give helper classes names or use lambdas.
 */
public final class TestBundle {
  /** The API's packages and versions, read from the API jar's manifest. */
  private static final java.util.Map<String, String> API_PACKAGES =
      org.kmodel.container.osgi.ApiExports.apiPackageVersions();

  private final String symbolicName;
  private String version = "1.0.0";
  private final Set<Class<?>> classes = new LinkedHashSet<>();
  private final List<String> services = new ArrayList<>();
  private final List<String> imports = new ArrayList<>();

  private TestBundle(String symbolicName) {
    this.symbolicName = symbolicName;
  }

  public static TestBundle named(String symbolicName) {
    return new TestBundle(symbolicName);
  }

  public TestBundle version(String version) {
    this.version = version;
    return this;
  }

  /** Registers {@code impl} (with its no-argument constructor) under {@code type} when started. */
  public <T extends Plugin> TestBundle service(
      Class<T> type, Class<? extends T> impl, String name, int ranking) {
    classes.add(impl);
    services.add(type.getName() + "=" + impl.getName() + ";name=" + name + ";ranking=" + ranking);
    return this;
  }

  /** Copies more classes (and their member classes) into the bundle. */
  public TestBundle include(Class<?>... more) {
    classes.addAll(List.of(more));
    return this;
  }

  /** Adds an {@code Import-Package} clause, e.g. {@code org.nowhere;version="[1.0,2)"}. */
  public TestBundle importPackage(String clause) {
    imports.add(clause);
    return this;
  }

  /** Writes {@code dir/<symbolic name>.jar} and returns its path. */
  public Path build(Path dir) {
    Manifest mf = new Manifest();
    Attributes a = mf.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.putValue("Bundle-ManifestVersion", "2");
    a.putValue("Bundle-SymbolicName", symbolicName);
    a.putValue("Bundle-Version", version);
    List<String> importClauses = new ArrayList<>();
    API_PACKAGES.forEach(
        (p, v) -> {
          String[] parts = v.split("\\.");
          int major = Integer.parseInt(parts[0]);
          importClauses.add(
              p + ";version=\"[" + major + "." + parts[1] + "," + (major + 1) + ")\"");
        });
    importClauses.add("org.osgi.framework;version=\"[1.8,2)\"");
    importClauses.addAll(imports);
    a.putValue("Import-Package", String.join(",", importClauses));
    Set<Class<?>> all = new LinkedHashSet<>();
    if (!services.isEmpty()) {
      a.putValue("Bundle-Activator", ServiceActivator.class.getName());
      a.putValue(ServiceActivator.HEADER, String.join(",", services));
      collect(ServiceActivator.class, all);
    }
    for (Class<?> c : classes) {
      collect(c, all);
    }
    try {
      Files.createDirectories(dir);
      Path jar = dir.resolve(symbolicName + ".jar");
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream jos = new JarOutputStream(out, mf)) {
        for (Class<?> c : all) {
          String entry = c.getName().replace('.', '/') + ".class";
          jos.putNextEntry(new JarEntry(entry));
          try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
              throw new IllegalStateException("class file of " + c.getName() + " not found");
            }
            in.transferTo(jos);
          }
          jos.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a class and everything it needs that the bundle does not import: its superclasses and
   * interfaces, its enclosing class and its member classes — all but the JDK's, OSGi's and the
   * kmodel API's, which come through {@code Import-Package}.
   */
  private static void collect(Class<?> c, Set<Class<?>> into) {
    if (c == null || imported(c) || !into.add(c)) {
      return;
    }
    collect(c.getSuperclass(), into);
    for (Class<?> i : c.getInterfaces()) {
      collect(i, into);
    }
    collect(c.getDeclaringClass(), into);
    for (Class<?> member : c.getDeclaredClasses()) {
      collect(member, into);
    }
  }

  private static boolean imported(Class<?> c) {
    String name = c.getName();
    return c.isPrimitive()
        || name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("org.osgi.")
        || API_PACKAGES.containsKey(c.getPackageName());
  }
}
