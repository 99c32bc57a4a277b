package org.kmodel.container.osgi;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.kernel.slot.PluginProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/**
 * An OSGi service offered to a kernel slot. Instances come from {@link ServiceObjects}, so a
 * prototype-scope service gives each kernel its own instance and a singleton is shared.
 */
final class OsgiPluginProvider implements PluginProvider {
  private final SlotId<?> slot;
  private final ServiceReference<Object> ref;
  private final BundleContext context;
  private final String bundleName;
  private final String bundleVersion;
  private ServiceObjects<Object> objects;

  OsgiPluginProvider(SlotId<?> slot, ServiceReference<Object> ref, BundleContext context) {
    this.slot = slot;
    this.ref = ref;
    this.context = context;
    Bundle b = ref.getBundle();
    this.bundleName = b == null ? "?" : b.getSymbolicName();
    this.bundleVersion = b == null ? "?" : b.getVersion().toString();
  }

  @Override
  public SlotId<?> slot() {
    return slot;
  }

  @Override
  public long id() {
    return (Long) ref.getProperty(Constants.SERVICE_ID);
  }

  @Override
  public String name() {
    Object n = ref.getProperty(Plugin.NAME_PROPERTY);
    return n == null ? bundleName : n.toString();
  }

  @Override
  public String bundle() {
    return bundleName;
  }

  @Override
  public String bundleVersion() {
    return bundleVersion;
  }

  @Override
  public int ranking() {
    return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
  }

  @Override
  public synchronized Plugin acquire() {
    if (objects == null) {
      objects = context.getServiceObjects(ref);
      if (objects == null) {
        throw new IllegalStateException("the service is no longer registered");
      }
    }
    Object service = objects.getService();
    if (service == null) {
      throw new IllegalStateException("its component could not be activated");
    }
    if (!slot.serviceType().isInstance(service)) {
      objects.ungetService(service);
      throw new IllegalStateException(
          "it implements another copy of "
              + slot.serviceType().getName()
              + " than the host's (does the bundle embed org.kmodel.api?)");
    }
    return (Plugin) service;
  }

  @Override
  public synchronized void release(Plugin instance) {
    if (objects != null) {
      try {
        objects.ungetService(instance);
      } catch (IllegalStateException | IllegalArgumentException gone) {
        // The bundle stopped meanwhile; the framework already released the instance.
      }
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
