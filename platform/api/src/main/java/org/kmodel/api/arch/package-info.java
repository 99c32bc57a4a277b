/**
 * Architecture contract: page-table geometry, the page orders a CPU can map, and CPU profiles for
 * the cost model.
 */
@Export
@Version("1.1.0")
package org.kmodel.api.arch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
