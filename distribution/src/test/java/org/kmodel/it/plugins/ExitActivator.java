package org.kmodel.it.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A hostile activator: ends the JVM when its bundle starts. */
public final class ExitActivator implements BundleActivator {
  @Override
  public void start(BundleContext context) {
    System.exit(0);
  }

  @Override
  public void stop(BundleContext context) {}
}
