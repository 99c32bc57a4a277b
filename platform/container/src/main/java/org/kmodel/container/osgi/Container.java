package org.kmodel.container.osgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.felix.framework.FrameworkFactory;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.ContainerException;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.slot.Slots;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * An embedded Felix framework running a bundle set. The host exports the kmodel API packages (with
 * their versions, read from the API jar's manifest) and SLF4J through the system bundle, so host
 * trackers and plugin bundles share one copy of every contract type.
 *
 * <p>Bundles that fail to resolve or start are not fatal: each is reported once, as one line naming
 * the bundle and what it lacks, through {@link #problems()} and the problem listeners, and the
 * container goes on with the rest. The same holds for a jar in the deploy directory that cannot be
 * installed, and for a bundle the {@linkplain IsolationHooks isolation hooks} refuse; {@link
 * #bundles()} lists each with its problem.
 */
public final class Container implements AutoCloseable {
  /** How long boot waits at most for FileInstall to pick up what the deploy directory holds. */
  private static final long DEPLOY_SETTLE_MILLIS = 5_000;

  private final Framework framework;
  private final Path storage;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> problemListeners = new CopyOnWriteArrayList<>();
  private final Map<Long, String> bundleProblems = new ConcurrentHashMap<>();
  private final Map<Path, String> installFailures = new ConcurrentHashMap<>();
  private ScheduledExecutorService deployWatch;

  private Container(Framework framework, Path storage) {
    this.framework = framework;
    this.storage = storage;
  }

  /**
   * Boots Felix, installs and starts the system bundles and then the given plugin bundles.
   *
   * @param deployDir a directory Felix FileInstall watches for hot deployment, or {@code null}
   */
  public static Container start(
      List<Path> systemBundles, List<Path> pluginBundles, Path deployDir, long pollMillis) {
    Path storage = FelixStorage.create();
    Map<String, Object> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, ApiExports.systemPackagesExtra());
    config.put("felix.log.logger", new SLF4JFelixLogger());
    config.put("felix.log.level", "1");
    config.put("ds.loglevel", "warn");
    config.put("felix.fileinstall.log.level", "0");
    // FileInstall's watcher only notices a stop request between polls, so a short poll also keeps
    // framework shutdown short when nothing is watched.
    config.put("felix.fileinstall.poll", Long.toString(pollMillis));
    config.put("felix.fileinstall.noInitialDelay", "true");
    config.put("felix.fileinstall.bundles.new.start", "true");
    config.put("felix.fileinstall.filter", ".*\\.jar");
    config.put(
        "felix.fileinstall.dir",
        deployDir != null
            ? deployDir.toAbsolutePath().toString()
            : storage.resolve("no-deploy").toString());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Framework fw = new FrameworkFactory().newFramework((Map) config);
    Container c = new Container(fw, storage);
    try {
      fw.init();
      new IsolationHooks(c::report).register(fw.getBundleContext());
      c.listenForFailures();
      fw.start();
      List<Bundle> system = c.installAll(systemBundles);
      List<Bundle> plugins = c.installAll(pluginBundles);
      c.startAll(system);
      c.startAll(plugins);
      if (deployDir != null) {
        c.auditDeploy(deployDir, pollMillis);
      }
    } catch (BundleException | RuntimeException e) {
      c.close();
      throw e instanceof ContainerException ce
          ? ce
          : new ContainerException("cannot start the OSGi framework: " + e.getMessage(), e);
    }
    return c;
  }

  private void listenForFailures() {
    BundleContext ctx = framework.getBundleContext();
    ctx.addFrameworkListener(
        event -> {
          if (event.getType() == FrameworkEvent.ERROR
              && event.getBundle() != null
              && event.getBundle().getBundleId() != 0
              && event.getThrowable() instanceof BundleException be) {
            reportFailure(event.getBundle(), be);
          }
        });
    ctx.addBundleListener(
        event -> {
          if (event.getType() == BundleEvent.INSTALLED && event.getOrigin() != null) {
            org.slf4j.LoggerFactory.getLogger(Container.class)
                .debug("installed {}", event.getBundle().getLocation());
          }
        });
  }

  private List<Bundle> installAll(List<Path> jars) {
    List<Bundle> out = new ArrayList<>();
    for (Path jar : jars) {
      out.add(install(jar));
    }
    return out;
  }

  /** Installs a bundle jar without starting it. */
  public Bundle install(Path jar) {
    try {
      return framework.getBundleContext().installBundle(jar.toUri().toString());
    } catch (BundleException e) {
      throw new ContainerException("cannot install " + jar + ": " + e.getMessage(), e);
    }
  }

  /**
   * Installs and starts a bundle jar now; a failure to resolve or start is reported, not thrown.
   */
  public Bundle deploy(Path jar) {
    Bundle b = install(jar);
    start(b);
    return b;
  }

  private void startAll(List<Bundle> bundles) {
    for (Bundle b : bundles) {
      start(b);
    }
  }

  private void start(Bundle b) {
    try {
      b.start();
    } catch (BundleException | IllegalStateException e) {
      reportFailure(b, e);
    }
  }

  /** A hook's refusal already names the cause: the framework's own message would only blur it. */
  private void reportFailure(Bundle b, Exception e) {
    if (bundleProblems.containsKey(b.getBundleId())) {
      return;
    }
    report(
        b,
        e instanceof BundleException be
            ? ResolutionReport.explain(b, wiring(), be)
            : "bundle " + b.getSymbolicName() + " " + b.getVersion() + ": " + e.getMessage());
  }

  /**
   * Judges what is in the deploy directory now (waiting a little for FileInstall to install it), so
   * that its problems are known before any run, then keeps watching it.
   */
  private void auditDeploy(Path deployDir, long pollMillis) {
    DeployAudit audit =
        new DeployAudit(
            deployDir,
            framework.getBundleContext(),
            new DeployAudit.Sink() {
              @Override
              public void installFailed(Path jar, String problem) {
                installFailures.put(jar, problem);
                report(problem);
              }

              @Override
              public void installable(Path jar) {
                installFailures.remove(jar);
              }

              @Override
              public void start(Bundle b) {
                Container.this.start(b);
              }
            });
    audit.settle(pollMillis, DEPLOY_SETTLE_MILLIS);
    deployWatch =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kmodel-deploy-audit");
              t.setDaemon(true);
              return t;
            });
    deployWatch.scheduleWithFixedDelay(audit::look, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  private void report(Bundle b, String problem) {
    bundleProblems.putIfAbsent(b.getBundleId(), problem);
    report(problem);
  }

  private void report(String problem) {
    if (!problems.contains(problem)) {
      problems.add(problem);
      problemListeners.forEach(l -> l.accept(problem));
    }
  }

  /** Every bundle failure reported so far, one line each. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** A listener registration; closing it removes the listener. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@code listener} for every failure reported from now on (on whatever thread found it).
   */
  public Registration onProblem(Consumer<String> listener) {
    problemListeners.add(listener);
    return () -> problemListeners.remove(listener);
  }

  /** Connects a kernel's slots to the service registry; close the bridge when the run ends. */
  public SlotBridge bind(Kernel kernel) {
    return new SlotBridge(framework.getBundleContext(), kernel.slots());
  }

  /**
   * Tracks the plugins for kernels {@linkplain SlotBridge#attach attached} to it one after another;
   * close it when the last has run.
   */
  public SlotBridge bridge() {
    return new SlotBridge(framework.getBundleContext());
  }

  private FrameworkWiring wiring() {
    return framework.adapt(FrameworkWiring.class);
  }

  /**
   * The installed bundles, system bundle excluded, by id, each with its first problem; then the
   * jars of the deploy directory that could not be installed (id -1, state {@code NOT INSTALLED}).
   */
  public List<BundleInfo> bundles() {
    List<BundleInfo> out = new ArrayList<>();
    for (Bundle b : framework.getBundleContext().getBundles()) {
      if (b.getBundleId() == 0) {
        continue;
      }
      out.add(
          new BundleInfo(
              b.getBundleId(),
              b.getSymbolicName(),
              b.getVersion().toString(),
              state(b.getState()),
              b.getLocation(),
              services(b),
              bundleProblems.get(b.getBundleId())));
    }
    out.sort(Comparator.comparingLong(BundleInfo::id));
    installFailures.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.add(
                    new BundleInfo(
                        -1,
                        e.getKey().getFileName().toString(),
                        "",
                        "NOT INSTALLED",
                        e.getKey().toUri().toString(),
                        List.of(),
                        e.getValue())));
    return out;
  }

  private static List<String> services(Bundle b) {
    List<String> out = new ArrayList<>();
    ServiceReference<?>[] refs = b.getRegisteredServices();
    if (refs == null) {
      return out;
    }
    for (ServiceReference<?> ref : refs) {
      String[] classes = (String[]) ref.getProperty(Constants.OBJECTCLASS);
      for (String cls : classes) {
        SlotId<?> slot = slotOf(cls);
        Object name = ref.getProperty(Plugin.NAME_PROPERTY);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        if (slot != null) {
          out.add(
              slot.id()
                  + ": "
                  + (name == null ? b.getSymbolicName() : name)
                  + " (ranking "
                  + (ranking == null ? 0 : ranking)
                  + ")");
        } else {
          out.add(cls);
        }
      }
    }
    return out;
  }

  private static SlotId<?> slotOf(String className) {
    for (SlotId<?> s : Slots.ALL) {
      if (s.serviceType().getName().equals(className)) {
        return s;
      }
    }
    return null;
  }

  private static String state(int state) {
    return switch (state) {
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.RESOLVED -> "RESOLVED";
      case Bundle.STARTING -> "STARTING";
      case Bundle.ACTIVE -> "ACTIVE";
      case Bundle.STOPPING -> "STOPPING";
      default -> "UNINSTALLED";
    };
  }

  @Override
  public void close() {
    if (deployWatch != null) {
      deployWatch.shutdownNow();
    }
    try {
      framework.stop();
      framework.waitForStop(10_000);
    } catch (BundleException e) {
      org.slf4j.LoggerFactory.getLogger(Container.class).warn("framework stop failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      FelixStorage.release(storage);
    }
  }
}
