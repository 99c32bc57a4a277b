package org.kmodel.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One installed bundle as {@code kmodel bundles} lists it.
 *
 * @param id framework bundle id; -1 for a jar in the deploy directory that could not be installed
 * @param name symbolic name (the file name for a jar that could not be installed)
 * @param version bundle version
 * @param state INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING or UNINSTALLED; NOT INSTALLED for a
 *     jar that could not be installed
 * @param location where it was installed from
 * @param services the services it registers, e.g. {@code thp-policy: thp-linux (ranking 100)}
 * @param problem the first failure reported for it (to install, resolve or start, or a refusal by
 *     the isolation rules), or {@code null}
 */
public record BundleInfo(
    long id,
    String name,
    String version,
    String state,
    String location,
    List<String> services,
    @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
  public BundleInfo {
    services = List.copyOf(services);
  }
}
