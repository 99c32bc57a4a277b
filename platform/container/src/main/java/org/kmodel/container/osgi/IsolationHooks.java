package org.kmodel.container.osgi;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The framework hooks that keep a plugin from ending or blinding the model. The resolver hook
 * leaves unresolved any bundle but the system bundle that exports {@code org.kmodel.api} or a
 * package below it (as long as it requires anything; one that requires nothing resolves, but
 * nothing is wired to its copy): a second copy of a contract package would wire plugins to types
 * the host does not know, so their services would vanish from the slots. The weaving hook fails the
 * loading of any bundle class that calls {@code System.exit}, {@code Runtime.exit} or {@code
 * Runtime.halt}, so the activator or component holding it fails instead of the process.
 *
 * <p>Each refusal goes to the reporter once per occurrence, as one line naming the bundle (symbolic
 * name, version and location) and the reason.
 */
final class IsolationHooks implements ResolverHookFactory, WeavingHook {
  static final String API_PACKAGE = "org.kmodel.api";

  private final BiConsumer<Bundle, String> reporter;

  IsolationHooks(BiConsumer<Bundle, String> reporter) {
    this.reporter = reporter;
  }

  /** Registers both hooks with the system bundle, before any plugin bundle may resolve. */
  void register(BundleContext systemContext) {
    systemContext.registerService(ResolverHookFactory.class, this, null);
    systemContext.registerService(WeavingHook.class, this, null);
  }

  static String describe(Bundle b) {
    return "bundle " + b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ")";
  }

  /** The first {@code org.kmodel.api*} package the revision exports, or {@code null}. */
  static String apiExport(BundleRevision revision) {
    for (BundleCapability cap :
        revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
      Object pkg = cap.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
      if (pkg instanceof String name
          && (name.equals(API_PACKAGE) || name.startsWith(API_PACKAGE + "."))) {
        return name;
      }
    }
    return null;
  }

  /**
   * Felix turns a revision removed by {@code filterResolvable} into a whitelist that also hides
   * every resolved bundle's capabilities, the system bundle's included, so that one refusal would
   * leave nothing resolvable. The hook therefore only notes a refused exporter there, and keeps it
   * unresolved in {@code filterMatches}: its requirements match nothing, and nothing else may wire
   * to its packages.
   */
  @Override
  public ResolverHook begin(Collection<BundleRevision> triggers) {
    return new ResolverHook() {
      @Override
      public void filterResolvable(Collection<BundleRevision> candidates) {
        candidates.forEach(IsolationHooks.this::refusedExporter);
      }

      @Override
      public void filterSingletonCollisions(
          BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {}

      @Override
      public void filterMatches(
          BundleRequirement requirement, Collection<BundleCapability> candidates) {
        if (refusedExporter(requirement.getRevision())) {
          candidates.clear();
        } else {
          candidates.removeIf(c -> refusedExporter(c.getRevision()));
        }
      }

      @Override
      public void end() {}
    };
  }

  /** Whether the revision exports an API package it may not; reports it if so. */
  private boolean refusedExporter(BundleRevision revision) {
    Bundle b = revision.getBundle();
    if (b.getBundleId() == 0) {
      return false;
    }
    String pkg = apiExport(revision);
    if (pkg == null) {
      return false;
    }
    reporter.accept(
        b,
        describe(b) + " refused: exports " + pkg + ", which only the kmodel platform may export");
    return true;
  }

  @Override
  public void weave(WovenClass woven) {
    Bundle b = woven.getBundleWiring().getBundle();
    if (b.getBundleId() == 0) {
      return;
    }
    List<String> calls;
    try {
      calls = ExitCalls.in(woven.getBytes());
    } catch (IllegalArgumentException e) {
      String problem =
          describe(b)
              + " refused: class "
              + woven.getClassName()
              + " cannot be checked: "
              + e.getMessage();
      reporter.accept(b, problem);
      throw new WeavingException(problem);
    }
    if (!calls.isEmpty()) {
      String problem =
          describe(b)
              + " refused: class "
              + woven.getClassName()
              + " calls "
              + String.join(", ", calls)
              + ", which would end the model";
      reporter.accept(b, problem);
      throw new WeavingException(problem);
    }
  }
}
