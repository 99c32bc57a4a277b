/** Architecture contract: page-table geometry and the page orders a CPU can map. */
@Export
@Version("1.0.0")
package org.kmodel.api.arch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
