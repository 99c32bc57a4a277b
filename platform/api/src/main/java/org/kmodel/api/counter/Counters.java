package org.kmodel.api.counter;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The vmstat-like counter registry of a kernel. Plugins add their own counters next to the
 * kernel's; a counter, once registered, stays for the life of the kernel (a swapped-out policy's
 * counts remain visible, as vmstat counts survive policy changes in Linux).
 */
@ProviderType
public interface Counters {

  /**
   * The counter with this vmstat name, registered now if it does not exist yet. Names are lower
   * case letters, digits and underscores.
   *
   * @throws IllegalArgumentException for a malformed name
   */
  Counter counter(String name);

  /** The counter with this name, or {@code null}. */
  Counter find(String name);

  /** Every counter, in registration order (the order {@code /proc/vmstat} prints). */
  List<Counter> all();
}
