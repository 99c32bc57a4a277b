package org.kmodel.container;

import java.util.List;

/**
 * One installed bundle as {@code kmodel bundles} lists it.
 *
 * @param id framework bundle id
 * @param name symbolic name
 * @param version bundle version
 * @param state INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING or UNINSTALLED
 * @param location where it was installed from
 * @param services the services it registers, e.g. {@code thp-policy: thp-linux (ranking 100)}
 */
public record BundleInfo(
    long id, String name, String version, String state, String location, List<String> services) {
  public BundleInfo {
    services = List.copyOf(services);
  }
}
