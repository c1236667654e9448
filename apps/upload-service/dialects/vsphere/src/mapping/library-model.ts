import type { LibraryItem, LocalLibrary } from '@upload-sessions/content-library';

/** ContentLibraryItemModel. */
export const toItemModel = (item: LibraryItem) => ({
  id: item.id,
  library_id: item.libraryId,
  name: item.name,
  description: item.description,
  type: item.itemType,
  content_version: String(item.contentVersion),
  metadata_version: '1',
  version: String(item.version),
  creation_time: item.createdAt,
  last_modified_time: item.updatedAt,
  size: item.files.reduce((sum, file) => sum + file.size, 0),
  cached: true,
});

/** ContentLibraryModel of a local library. */
export const toLibraryModel = (library: LocalLibrary) => ({
  id: library.id,
  name: library.name,
  description: library.description,
  type: 'LOCAL',
  version: String(library.version),
  creation_time: library.createdAt,
  last_modified_time: library.updatedAt,
  storage_backings: [{ type: 'OTHER' }],
});

/** The files of the item's current content version (vCenter's `library/item/file` list). */
export const toItemFileModels = (item: LibraryItem) =>
  item.files.map((file) => ({
    name: file.name,
    size: file.size,
    version: String(item.contentVersion),
    cached: true,
    checksum_info: { algorithm: file.checksum.algorithm, checksum: file.checksum.value },
  }));
