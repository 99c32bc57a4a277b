package org.kmodel.container;

import java.util.List;
import java.util.Map;

/**
 * A named composition of plugin bundles, e.g. {@code default} = arch-x86_64 + allocator-buddy +
 * thp-linux, with optional slot pins (which implementation a slot takes when several are offered).
 */
public record BundleSet(
    String name, String description, List<String> bundles, Map<String, String> slots) {
  public BundleSet {
    bundles = List.copyOf(bundles);
    slots = Map.copyOf(slots);
  }
}
