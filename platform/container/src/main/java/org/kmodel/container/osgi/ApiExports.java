package org.kmodel.container.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import org.kmodel.api.SlotId;
import org.kmodel.container.ContainerException;
import org.kmodel.container.Versions;

/**
 * Computes what the system bundle exports beside the JRE: every package of the kmodel API jar with
 * the version its manifest gives (so a plugin's {@code Import-Package} ranges resolve exactly as
 * they would against the API bundle), and SLF4J.
 */
public final class ApiExports {
  private ApiExports() {}

  /**
   * Every package the kmodel API exports, with its version, in manifest order: what a bundle built
   * by hand (a test bundle) imports.
   */
  public static java.util.Map<String, String> apiPackageVersions() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String clause : apiClauses()) {
      int semi = clause.indexOf(";version=");
      out.put(clause.substring(0, semi), clause.substring(semi + ";version=".length()));
    }
    return out;
  }

  static String systemPackagesExtra() {
    List<String> clauses = new ArrayList<>(apiClauses());
    clauses.add("org.slf4j;version=" + Versions.slf4j());
    clauses.add("org.slf4j.event;version=" + Versions.slf4j());
    clauses.add("org.slf4j.spi;version=" + Versions.slf4j());
    return String.join(",", clauses);
  }

  static List<String> apiClauses() {
    String exports = exportPackageOfApiJar();
    List<String> clauses = new ArrayList<>();
    for (String clause : splitClauses(exports)) {
      String[] parts = clause.split(";");
      String version = "0.0.0";
      for (String p : parts) {
        String t = p.strip();
        if (t.startsWith("version=")) {
          version = t.substring("version=".length()).replace("\"", "");
        }
      }
      clauses.add(parts[0].strip() + ";version=" + version);
    }
    return clauses;
  }

  private static String exportPackageOfApiJar() {
    String classFile = SlotId.class.getName().replace('.', '/') + ".class";
    URL url = SlotId.class.getClassLoader().getResource(classFile);
    if (url == null) {
      throw new ContainerException("the kmodel API is not on the class path");
    }
    String base = url.toString().substring(0, url.toString().length() - classFile.length());
    try (InputStream in = new URL(base + "META-INF/MANIFEST.MF").openStream()) {
      String exports = new Manifest(in).getMainAttributes().getValue("Export-Package");
      if (exports == null) {
        throw new ContainerException("the kmodel API at " + base + " has no Export-Package header");
      }
      return exports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kmodel API manifest at " + base, e);
    }
  }

  /** Splits a manifest header at commas that are not inside quotes. */
  static List<String> splitClauses(String header) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : header.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      }
      if (ch == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }
}
