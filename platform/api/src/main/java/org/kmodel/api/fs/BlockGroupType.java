package org.kmodel.api.fs;

/** What a block group stores, as the chunk's type flags say. */
public enum BlockGroupType {
  DATA,
  METADATA,
  SYSTEM
}
