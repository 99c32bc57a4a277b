/** Filesystem and block-group relocation contracts. */
@Export
@Version("2.3.0")
package org.kmodel.api.fs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
