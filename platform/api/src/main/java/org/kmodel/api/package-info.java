/**
 * Plugin life cycle, slot names, and the context a plugin is attached with. Knows no contract: each
 * contract package declares its own slot.
 */
@Export
@Version("2.1.0")
package org.kmodel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
