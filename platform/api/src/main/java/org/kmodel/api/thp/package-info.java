/** Transparent-huge-page policy contract: fault-time and khugepaged decisions. */
@Export
@Version("2.0.0")
package org.kmodel.api.thp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
