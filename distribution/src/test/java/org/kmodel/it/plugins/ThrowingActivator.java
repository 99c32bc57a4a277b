package org.kmodel.it.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** An activator that fails when its bundle starts. */
public final class ThrowingActivator implements BundleActivator {
  @Override
  public void start(BundleContext context) {
    throw new IllegalStateException("activator refuses to start");
  }

  @Override
  public void stop(BundleContext context) {}
}
