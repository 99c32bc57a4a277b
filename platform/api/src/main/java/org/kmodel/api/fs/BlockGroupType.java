package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ProviderType;

/** What a block group stores, as the chunk's type flags say. */
@ProviderType
public enum BlockGroupType {
  DATA,
  METADATA,
  SYSTEM
}
