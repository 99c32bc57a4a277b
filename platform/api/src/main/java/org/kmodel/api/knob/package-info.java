/** The sysfs-like knob tree: knobs with the kernel's paths, formats and errno values. */
@Export
@Version("1.0.1")
package org.kmodel.api.knob;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
