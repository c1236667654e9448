import type { DatabaseSync } from 'node:sqlite';
import { everything } from '@upload-sessions/read-side/projections/queries/read-model-queries';
import type { StreamStateReader } from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';
import type { LibraryItem, LibraryItemState } from '../library-item/library-item-decider';
import type { LocalLibrary, LocalLibraryState } from '../local-library/local-library-decider';
import { libraryItemsReadModel } from '../../read-models/library-items.read-model';
import { localLibrariesReadModel } from '../../read-models/local-libraries.read-model';

/** Library queries answered from the library_items and local_libraries read models. */
export class LibraryReadModelQueries {
  private readonly items: StreamStateReader<LibraryItemState>;
  private readonly libraries: StreamStateReader<LocalLibraryState>;

  constructor(db: DatabaseSync) {
    this.items = libraryItemsReadModel.reader(db);
    this.libraries = localLibrariesReadModel.reader(db);
  }

  libraryItem(organizationId: string, itemId: string): LibraryItem | undefined {
    const state = this.items.get(itemId)?.state;
    return state?.status === 'ACTIVE' && state.organizationId === organizationId ? state : undefined;
  }

  /** Ids of a library's items, in the order they were created. */
  libraryItemIds(libraryId: string): string[] {
    return everything(this.items, { library_id: libraryId, status: 'ACTIVE' }).map((row) => row.id);
  }

  localLibrary(organizationId: string, libraryId: string): LocalLibrary | undefined {
    const state = this.libraries.get(libraryId)?.state;
    return state?.status === 'ACTIVE' && state.organizationId === organizationId ? state : undefined;
  }

  localLibraryIds(organizationId: string): string[] {
    return everything(this.libraries, { organization_id: organizationId, status: 'ACTIVE' }).map(
      (row) => row.id,
    );
  }
}
