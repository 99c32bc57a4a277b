package org.kmodel.testkit.bundle;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator {@link TestBundle} copies into every bundle it builds. It registers the services
 * the {@value #HEADER} manifest header lists, as prototype-scope factories that create one instance
 * per kernel with the implementation's no-argument constructor. Written without anonymous classes
 * so that the builder can copy it as its class file and its member classes.
 */
public final class ServiceActivator implements BundleActivator {
  /** {@code type=implementation;name=N;ranking=R, ...} */
  public static final String HEADER = "Kmodel-Services";

  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

  @Override
  public void start(BundleContext context) throws Exception {
    String header = context.getBundle().getHeaders().get(HEADER);
    if (header == null || header.isBlank()) {
      return;
    }
    for (String clause : header.split(",")) {
      String[] parts = clause.strip().split(";");
      String[] typeAndImpl = parts[0].split("=");
      Hashtable<String, Object> props = new Hashtable<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv[0].equals("name")) {
          props.put("kmodel.name", kv[1]);
        } else if (kv[0].equals("ranking")) {
          props.put("service.ranking", Integer.valueOf(kv[1]));
        }
      }
      Class<?> impl = context.getBundle().loadClass(typeAndImpl[1]);
      registrations.add(context.registerService(typeAndImpl[0], new Factory(impl), props));
    }
  }

  @Override
  public void stop(BundleContext context) {
    for (ServiceRegistration<?> r : registrations) {
      try {
        r.unregister();
      } catch (IllegalStateException alreadyGone) {
        // The framework unregisters a stopping bundle's services itself.
      }
    }
    registrations.clear();
  }

  /** Creates a fresh instance for every consumer, as a prototype-scope DS component does. */
  public static final class Factory implements PrototypeServiceFactory<Object> {
    private final Class<?> impl;

    Factory(Class<?> impl) {
      this.impl = impl;
    }

    @Override
    public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
      try {
        return impl.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + impl.getName(), e);
      }
    }

    @Override
    public void ungetService(
        Bundle bundle, ServiceRegistration<Object> registration, Object service) {}
  }
}
