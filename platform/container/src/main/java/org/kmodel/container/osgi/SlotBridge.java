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
 *
 * <p>Kernels may be attached one after another: each is offered the services tracked so far, in the
 * order the trackers found them — what a bridge opened for it alone would offer — and then every
 * change until it is detached. The explorer runs hundreds of short kernels on one bridge rather
 * than opening the trackers, and acquiring the service objects, for each.
 */
public final class SlotBridge implements AutoCloseable {
  private final List<ServiceTracker<Object, OsgiPluginProvider>> trackers = new ArrayList<>();
  private final List<OsgiPluginProvider> tracked = new ArrayList<>();
  private SlotTable target;

  SlotBridge(BundleContext context) {
    for (SlotId<?> slot : Slots.ALL) {
      trackers.add(
          new ServiceTracker<>(context, slot.serviceType().getName(), customizer(slot, context)));
    }
    trackers.forEach(ServiceTracker::open);
  }

  SlotBridge(BundleContext context, SlotTable slots) {
    this(context);
    attach(slots);
  }

  /** Offers the tracked services to {@code slots}, and every change from now on. */
  public synchronized void attach(SlotTable slots) {
    target = slots;
    tracked.forEach(p -> slots.offer(SlotUpdate.added(p)));
  }

  /** Stops feeding the attached kernel; the services stay tracked for the next one. */
  public synchronized void detach() {
    target = null;
  }

  private synchronized OsgiPluginProvider added(OsgiPluginProvider p) {
    tracked.add(p);
    if (target != null) {
      target.offer(SlotUpdate.added(p));
    }
    return p;
  }

  private synchronized void modified(OsgiPluginProvider p) {
    if (target != null) {
      target.offer(SlotUpdate.removed(p));
      target.offer(SlotUpdate.added(p));
    }
  }

  private synchronized void removed(OsgiPluginProvider p) {
    tracked.remove(p);
    if (target != null) {
      target.offer(SlotUpdate.removed(p));
    }
  }

  private ServiceTrackerCustomizer<Object, OsgiPluginProvider> customizer(
      SlotId<?> slot, BundleContext context) {
    return new ServiceTrackerCustomizer<>() {
      @Override
      public OsgiPluginProvider addingService(ServiceReference<Object> ref) {
        return added(new OsgiPluginProvider(slot, ref, context));
      }

      @Override
      public void modifiedService(ServiceReference<Object> ref, OsgiPluginProvider p) {
        modified(p);
      }

      @Override
      public void removedService(ServiceReference<Object> ref, OsgiPluginProvider p) {
        removed(p);
      }
    };
  }

  @Override
  public void close() {
    trackers.forEach(ServiceTracker::close);
  }
}
