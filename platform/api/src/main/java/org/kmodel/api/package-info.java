/** Plugin life cycle, the slots a kernel offers, and the context a plugin is attached with. */
@Export
@Version("1.0.0")
package org.kmodel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
