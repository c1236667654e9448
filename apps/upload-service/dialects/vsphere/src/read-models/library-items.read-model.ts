import { LIBRARY_ITEM_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { libraryItemDecider, type LibraryItemState } from '../library/library-item/library-item-decider';
import { libraryItemCodec, type LibraryItemEvent } from '../library/library-item/library-item-events';
import {
  StreamStateReadModel,
  type StreamRow,
} from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';

const item = (row: StreamRow<LibraryItemState>) => (row.state.status === 'NONE' ? undefined : row.state);

/** Library items with their content version and files, by id and by library. */
export const libraryItemsReadModel = new StreamStateReadModel<LibraryItemState, LibraryItemEvent>({
  name: 'library-items',
  version: 1,
  table: 'library_items',
  streamPrefix: LIBRARY_ITEM_STREAM_PREFIX,
  decode: libraryItemCodec.decode,
  initialState: libraryItemDecider.initialState,
  evolve: libraryItemDecider.evolve,
  columns: [
    { name: 'organization_id', type: 'TEXT', value: (row) => item(row)?.organizationId ?? null },
    { name: 'library_id', type: 'TEXT', value: (row) => item(row)?.libraryId ?? null },
    { name: 'status', type: 'TEXT', value: (row) => row.state.status },
    { name: 'content_version', type: 'INTEGER', value: (row) => item(row)?.contentVersion ?? null },
  ],
  indexes: [
    ['library_id', 'first_position'],
    ['organization_id', 'first_position'],
  ],
});
