import * as t from 'io-ts';
import {
  FileId,
  IsoDateTime,
  NonNegativeInteger,
  OrganizationId,
  record,
  SessionId,
  taggedUnion,
  versionedEvents,
} from '@upload-sessions/domain';

/**
 * Free text as the BlendVision edge accepted it (it bounds lengths and counts): any string. Being
 * stricter here would refuse events already stored.
 */
const Text = t.string;

/** `cms.v1.FileMetadata`: free text and labels the client may set and filter by. */
export const FileMetadataData = record(
  { shortDescription: Text, longDescription: Text, labels: t.readonlyArray(Text) },
  'FileMetadataData',
);
export type FileMetadataData = t.TypeOf<typeof FileMetadataData>;

/** The client's string attributes of a file. */
export const FileAttrs = t.readonly(t.record(t.string, t.string), 'FileAttrs');
export type FileAttrs = t.TypeOf<typeof FileAttrs>;

// The `type` strings are stored: never rename them; change a payload only with a new schema version and
// an upcaster (see `bvFileEvents` below).

/** A file and its upload were created; `uploadId` is the upload session that brings its bytes. */
export const BvFileCreated = record(
  {
    type: t.literal('BvFileCreated'),
    data: record(
      {
        fileId: FileId,
        organizationId: OrganizationId,
        uploadId: SessionId,
        fileType: Text,
        source: Text,
        name: Text,
        size: NonNegativeInteger,
        partSize: NonNegativeInteger,
        attrs: FileAttrs,
        metadata: FileMetadataData,
        createdAt: IsoDateTime,
      },
      'BvFileCreated.data',
    ),
  },
  'BvFileCreated',
);
export type BvFileCreated = t.TypeOf<typeof BvFileCreated>;

export const BvFileUpdated = record(
  {
    type: t.literal('BvFileUpdated'),
    data: record({ name: Text, metadata: FileMetadataData, updatedAt: IsoDateTime }, 'BvFileUpdated.data'),
  },
  'BvFileUpdated',
);
export type BvFileUpdated = t.TypeOf<typeof BvFileUpdated>;

export const BvFileDeleted = record(
  { type: t.literal('BvFileDeleted'), data: record({ deletedAt: IsoDateTime }, 'BvFileDeleted.data') },
  'BvFileDeleted',
);
export type BvFileDeleted = t.TypeOf<typeof BvFileDeleted>;

export const bvFileEventCodecs = { BvFileCreated, BvFileUpdated, BvFileDeleted } as const;

export const BvFileEvent = taggedUnion('BvFileEvent', bvFileEventCodecs);
export type BvFileEvent = t.TypeOf<typeof BvFileEvent>;
export type BvFileEventType = BvFileEvent['type'];

export const BV_FILE_EVENT_TYPES: readonly BvFileEventType[] = [
  'BvFileCreated',
  'BvFileUpdated',
  'BvFileDeleted',
];

/** Schema versions and upcasters: every type is still at version 1, the shape the service has written. */
export const bvFileEvents = versionedEvents({
  codecs: bvFileEventCodecs,
  schemaVersions: { BvFileCreated: 1, BvFileUpdated: 1, BvFileDeleted: 1 },
});
