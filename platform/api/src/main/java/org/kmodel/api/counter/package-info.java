/** The vmstat-like counter registry. */
@Export
@Version("1.0.1")
package org.kmodel.api.counter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
