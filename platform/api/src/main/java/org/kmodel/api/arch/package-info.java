/**
 * Architecture contract: the machine geometry a port defines and the CPU profiles it ships for the
 * cost model.
 */
@Export
@Version("2.0.0")
package org.kmodel.api.arch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
