/** Memory-management contracts: the page allocator, its allocation flags, VMA views. */
@Export
@Version("2.0.0")
package org.kmodel.api.mm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
