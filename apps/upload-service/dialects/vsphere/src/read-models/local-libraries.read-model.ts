import {
  LIBRARY_ITEM_STREAM_PREFIX,
  LIBRARY_STREAM_PREFIX,
} from '@upload-sessions/service-core/event-sourcing/stream-names';
import { localLibraryDecider, type LocalLibraryState } from '../library/local-library/local-library-decider';
import { localLibraryCodec, type LocalLibraryEvent } from '../library/local-library/local-library-events';
import {
  StreamStateReadModel,
  type StreamRow,
} from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';

const library = (row: StreamRow<LocalLibraryState>) => (row.state.status === 'NONE' ? undefined : row.state);

/** Local libraries by id and by organization. */
export const localLibrariesReadModel = new StreamStateReadModel<LocalLibraryState, LocalLibraryEvent>({
  name: 'local-libraries',
  version: 1,
  table: 'local_libraries',
  streamPrefix: LIBRARY_STREAM_PREFIX,
  // `library-item-…` streams share the prefix: they belong to the library-items read model.
  accepts: (streamName) => !streamName.startsWith(LIBRARY_ITEM_STREAM_PREFIX),
  decode: localLibraryCodec.decode,
  initialState: localLibraryDecider.initialState,
  evolve: localLibraryDecider.evolve,
  columns: [
    { name: 'organization_id', type: 'TEXT', value: (row) => library(row)?.organizationId ?? null },
    { name: 'status', type: 'TEXT', value: (row) => row.state.status },
  ],
  indexes: [['organization_id', 'first_position']],
});
