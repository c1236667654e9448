import type { LibraryItem } from '../library/library-item/library-item-decider';
import type { LocalLibrary } from '../library/local-library/local-library-decider';

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
