import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RecordedEvent } from '@upload-sessions/event-store';
import type { EventCodec } from '@upload-sessions/service-core/event-sourcing/run-decider';

/** `cms.v1.FileMetadata`: free text and labels the client may set and filter by. */
export const FileMetadataData = t.strict({
  shortDescription: t.string,
  longDescription: t.string,
  labels: t.array(t.string),
});
export type FileMetadataData = t.TypeOf<typeof FileMetadataData>;

// The `type` strings are stored: never rename them; change a payload only with a new schema version.

/** A file and its upload were created; `uploadId` is the upload session that brings its bytes. */
const BvFileCreated = t.strict({
  type: t.literal('BvFileCreated'),
  data: t.strict({
    fileId: t.string,
    organizationId: t.string,
    uploadId: t.string,
    fileType: t.string,
    source: t.string,
    name: t.string,
    size: t.number,
    partSize: t.number,
    attrs: t.record(t.string, t.string),
    metadata: FileMetadataData,
    createdAt: t.string,
  }),
});

const BvFileUpdated = t.strict({
  type: t.literal('BvFileUpdated'),
  data: t.strict({ name: t.string, metadata: FileMetadataData, updatedAt: t.string }),
});

const BvFileDeleted = t.strict({
  type: t.literal('BvFileDeleted'),
  data: t.strict({ deletedAt: t.string }),
});

export const BvFileEvent = t.union([BvFileCreated, BvFileUpdated, BvFileDeleted]);
export type BvFileEvent = t.TypeOf<typeof BvFileEvent>;
export const BV_FILE_EVENT_TYPES: readonly BvFileEvent['type'][] = [
  'BvFileCreated',
  'BvFileUpdated',
  'BvFileDeleted',
];

export const bvFileCodec: EventCodec<BvFileEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: BvFileEvent.encode(event).data as never }),
  decode: (recorded: RecordedEvent) => {
    const decoded = BvFileEvent.decode({ type: recorded.type, data: recorded.data });
    return E.isRight(decoded) ? E.right(decoded.right) : E.left(`unreadable ${recorded.type}`);
  },
};
