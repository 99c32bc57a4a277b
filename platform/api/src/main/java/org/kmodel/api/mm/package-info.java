/** Memory-management contracts: the page allocator, the frame table it serves, VMA views. */
@Export
@Version("1.0.0")
package org.kmodel.api.mm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
