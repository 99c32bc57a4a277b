package org.kmodel.container.osgi;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.SlotId;
import org.kmodel.kernel.slot.SlotTable;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.kernel.slot.Slots;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Feeds a kernel's slots from the service registry: one tracker per slot type. Service events
 * arrive on Felix threads and are only queued here; the kernel applies them between two steps (rule
 * 3).
 */
public final class SlotBridge implements AutoCloseable {
  private final List<ServiceTracker<Object, OsgiPluginProvider>> trackers = new ArrayList<>();

  SlotBridge(BundleContext context, SlotTable slots) {
    for (SlotId<?> slot : Slots.ALL) {
      trackers.add(
          new ServiceTracker<>(
              context, slot.serviceType().getName(), customizer(slot, context, slots)));
    }
    trackers.forEach(ServiceTracker::open);
  }

  private static ServiceTrackerCustomizer<Object, OsgiPluginProvider> customizer(
      SlotId<?> slot, BundleContext context, SlotTable slots) {
    return new ServiceTrackerCustomizer<>() {
      @Override
      public OsgiPluginProvider addingService(ServiceReference<Object> ref) {
        OsgiPluginProvider p = new OsgiPluginProvider(slot, ref, context);
        slots.offer(SlotUpdate.added(p));
        return p;
      }

      @Override
      public void modifiedService(ServiceReference<Object> ref, OsgiPluginProvider p) {
        slots.offer(SlotUpdate.removed(p));
        slots.offer(SlotUpdate.added(p));
      }

      @Override
      public void removedService(ServiceReference<Object> ref, OsgiPluginProvider p) {
        slots.offer(SlotUpdate.removed(p));
      }
    };
  }

  @Override
  public void close() {
    trackers.forEach(ServiceTracker::close);
  }
}
