/** The vmstat-like counter registry. */
@Export
@Version("1.0.0")
package org.kmodel.api.counter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
