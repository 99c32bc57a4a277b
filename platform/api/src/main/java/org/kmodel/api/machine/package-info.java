/**
 * The machine as the kernel pins it at boot: the architecture's geometry (page-table levels, leaf
 * and contiguous orders, THP orders) and the table of physical frames.
 */
@Export
@Version("1.0.0")
package org.kmodel.api.machine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
