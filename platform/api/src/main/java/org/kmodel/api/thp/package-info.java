/**
 * Transparent-huge-page policy contract: fault-time and khugepaged decisions ({@link
 * org.kmodel.api.thp.ThpPolicy}), and since 2.1 background promotion, demotion and pre-zeroing
 * ({@link org.kmodel.api.thp.PromotionPolicy}) through {@link org.kmodel.api.thp.PromotionContext}.
 */
@Export
@Version("2.1.0")
package org.kmodel.api.thp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
