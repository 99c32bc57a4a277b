package org.kmodel.container.osgi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Explains why a bundle did not start in one line a user can act on: the bundle's name and version,
 * and each package it imports that nothing exports — instead of the resolver's raw dump.
 */
final class ResolutionReport {
  private static final Pattern PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([^)]+)\\)");
  private static final Pattern VERSION = Pattern.compile("\\((!?)\\(?version([<>]?=)([^)]+)\\)");

  private ResolutionReport() {}

  static String explain(Bundle bundle, FrameworkWiring wiring, BundleException e) {
    String who = bundle.getSymbolicName() + " " + bundle.getVersion();
    List<String> missing = missingPackages(bundle, wiring);
    if (!missing.isEmpty()) {
      return "bundle "
          + who
          + " cannot resolve: no bundle exports "
          + (missing.size() == 1 ? "package " : "packages ")
          + String.join(", ", missing);
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String reason =
        e.getType() == BundleException.ACTIVATOR_ERROR ? cause.toString() : firstLine(e);
    return "bundle " + who + " failed to start: " + reason;
  }

  private static List<String> missingPackages(Bundle bundle, FrameworkWiring wiring) {
    List<String> missing = new ArrayList<>();
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    if (revision == null) {
      return missing;
    }
    for (BundleRequirement req :
        revision.getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
      if (Namespace.RESOLUTION_OPTIONAL.equals(
          req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) {
        continue;
      }
      Collection<?> providers = wiring.findProviders(req);
      if (providers.isEmpty()) {
        missing.add(describe(req.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE)));
      }
    }
    return missing;
  }

  /**
   * {@code (&(osgi.wiring.package=a.b)(version>=1.0.0)(!(version>=2.0.0)))} → {@code a.b
   * [1.0.0,2.0.0)}.
   */
  static String describe(String filter) {
    if (filter == null) {
      return "?";
    }
    Matcher m = PACKAGE.matcher(filter);
    String name = m.find() ? m.group(1) : filter;
    String low = null;
    String high = null;
    Matcher v = VERSION.matcher(filter);
    while (v.find()) {
      if (v.group(1).isEmpty() && v.group(2).equals(">=")) {
        low = v.group(3);
      } else if (v.group(1).equals("!") && v.group(2).equals(">=")) {
        high = v.group(3);
      }
    }
    if (low == null) {
      return name;
    }
    return name + " " + (high == null ? "(version >= " + low + ")" : "[" + low + "," + high + ")");
  }

  private static String firstLine(Throwable t) {
    String msg = String.valueOf(t.getMessage());
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}
