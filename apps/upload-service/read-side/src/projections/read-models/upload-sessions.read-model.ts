import * as E from 'fp-ts/Either';
import {
  deserializeEvent,
  deserializeTrustedEvent,
  uploadSessionDecider,
  type UploadSessionEvent,
  type UploadSessionState,
} from '@upload-sessions/domain';
import type { RecordedEvent } from '@upload-sessions/event-store';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { StreamStateReadModel, type StreamRow } from './stream-state-read-model';

/** Stored events carry their schema version in the metadata; the domain upcasts older ones. */
export const decodeUploadSessionEvent = (event: RecordedEvent): E.Either<string, UploadSessionEvent> => {
  const version = event.metadata['schemaVersion'];
  const decoded = deserializeEvent({
    type: event.type,
    schemaVersion: typeof version === 'number' ? version : 1,
    data: event.data,
  });
  return E.isRight(decoded) ? decoded : E.left(decoded.left.message);
};

/**
 * `decodeUploadSessionEvent` for a rebuild replaying the service's own log: the same upcasting, without
 * re-validating data the service's serializer wrote (the io-ts check was a fifth of a rebuild's time).
 */
export const decodeTrustedUploadSessionEvent = (
  event: RecordedEvent,
): E.Either<string, UploadSessionEvent> => {
  const version = event.metadata['schemaVersion'];
  const decoded = deserializeTrustedEvent({
    type: event.type,
    schemaVersion: typeof version === 'number' ? version : 1,
    data: event.data,
  });
  return E.isRight(decoded) ? decoded : E.left(decoded.left.message);
};

type Row = StreamRow<UploadSessionState>;
const session = (row: Row) => (row.state.status === 'NONE' ? undefined : row.state);

/**
 * Upload sessions by id, folded with the domain's own `evolve` (so a read gives exactly what loading
 * the stream would), indexed by organization, creator, library item and status.
 */
export const uploadSessionsReadModel = new StreamStateReadModel<UploadSessionState, UploadSessionEvent>({
  name: 'upload-sessions',
  // 2: files record their interrupted transfers (FileState.interruption).
  version: 2,
  table: 'upload_sessions',
  streamPrefix: UPLOAD_SESSION_STREAM_PREFIX,
  decode: decodeUploadSessionEvent,
  decodeTrusted: decodeTrustedUploadSessionEvent,
  initialState: uploadSessionDecider.initialState,
  evolve: uploadSessionDecider.evolve,
  columns: [
    { name: 'organization_id', type: 'TEXT', value: (row) => session(row)?.organizationId ?? null },
    { name: 'status', type: 'TEXT', value: (row) => row.state.status },
    {
      // How it ended, also once deleted (a completed upload stays its file's content).
      name: 'outcome',
      type: 'TEXT',
      value: (row) =>
        row.state.status === 'DELETED' ? (row.state.statusBeforeDelete ?? 'CANCELED') : row.state.status,
    },
    { name: 'created_by', type: 'TEXT', value: (row) => row.createdBy },
    { name: 'target_kind', type: 'TEXT', value: (row) => session(row)?.target.kind ?? null },
    {
      name: 'library_item_id',
      type: 'TEXT',
      value: (row) => {
        const target = session(row)?.target;
        return target?.kind === 'library-item' ? target.libraryItemId : null;
      },
    },
    {
      name: 'file_id',
      type: 'TEXT',
      value: (row) => {
        const target = session(row)?.target;
        return target?.kind === 'file' ? target.fileId : null;
      },
    },
    { name: 'expires_at', type: 'TEXT', value: (row) => session(row)?.expiresAt ?? null },
    { name: 'client_progress', type: 'INTEGER', value: (row) => session(row)?.clientProgress ?? null },
    {
      name: 'bytes_received',
      type: 'INTEGER',
      value: (row) => session(row)?.files.reduce((sum, file) => sum + (file.received?.size ?? 0), 0) ?? null,
    },
  ],
  // Each one serves a query (EXPLAIN QUERY PLAN): the operations page and activity, the vSphere listing
  // (with and without its item), the expiry sweep. No query looks sessions up by file_id (the operations
  // page joins bv_files by its own id), so it has no index: each one is a scan of the table in a rebuild.
  indexes: [
    ['organization_id', 'first_position'],
    ['organization_id', 'created_by', 'first_position'],
    ['library_item_id', 'first_position'],
    ['status', 'expires_at'],
  ],
});
