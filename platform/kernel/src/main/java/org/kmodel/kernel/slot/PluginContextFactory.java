package org.kmodel.kernel.slot;

import org.kmodel.api.PluginContext;

/** Makes the context a plugin is attached with; the owner token ties its knobs to it. */
public interface PluginContextFactory {
  PluginContext create(Object owner);

  /** Removes whatever the owner registered (its knobs). */
  void release(Object owner);
}
