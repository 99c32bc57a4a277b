package org.kmodel.api.fs;

/**
 * The device a filesystem is made on and the size of the chunks it allocates.
 *
 * @param deviceBytes device size
 * @param dataChunkBytes size of each DATA chunk (block group)
 * @param metadataChunkBytes size of each METADATA chunk
 * @param sectorBytes allocation unit (4096)
 */
public record FsGeometry(
    long deviceBytes, long dataChunkBytes, long metadataChunkBytes, int sectorBytes) {}
