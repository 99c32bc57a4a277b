package org.kmodel.it.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A hostile activator that hides its exit from a constant-pool check: the method's name is built at
 * run time and called by reflection.
 */
public final class HiddenExitActivator implements BundleActivator {
  @Override
  public void start(BundleContext context) throws ReflectiveOperationException {
    String name = new StringBuilder("tixe").reverse().toString();
    System.class.getMethod(name, int.class).invoke(null, 0);
  }

  @Override
  public void stop(BundleContext context) {}
}
