import * as t from 'io-ts';
import { Checksum } from './checksum';
import { DeclaredFile } from './declared-file';
import { ClientToken, Etag, FileName, OrganizationId, SessionId } from './ids';
import { IsoDateTime, MessageText, NonNegativeInteger, Percentage, record } from './primitives';
import { taggedUnion } from './tagged-union';
import { UploadTarget } from './upload-target';
import { WarningBehavior } from './warning-behavior';

// Events are `{ type, data }` with plain JSON data. The `type` strings are stored: never rename them;
// change a payload only with a new schema version and an upcaster (see event-serialization.ts).

const event = <T extends string, P extends t.Props>(type: T, data: P) =>
  record({ type: t.literal(type), data: record(data, `${type}.data`) }, type);

const Names = t.readonlyArray(FileName);

export const UploadSessionStarted = event('UploadSessionStarted', {
  sessionId: SessionId,
  organizationId: OrganizationId,
  target: UploadTarget,
  files: t.readonlyArray(DeclaredFile),
  expiresAt: IsoDateTime,
  clientToken: t.union([ClientToken, t.null]),
  startedAt: IsoDateTime,
});
export type UploadSessionStarted = t.TypeOf<typeof UploadSessionStarted>;

export const UploadSessionFileAdded = event('UploadSessionFileAdded', {
  name: FileName,
  size: t.union([NonNegativeInteger, t.null]),
  checksum: t.union([Checksum, t.null]),
  addedAt: IsoDateTime,
});
export type UploadSessionFileAdded = t.TypeOf<typeof UploadSessionFileAdded>;

/** `contentToDelete`: the removed file's received bytes (empty when nothing had arrived). */
export const UploadSessionFileRemoved = event('UploadSessionFileRemoved', {
  name: FileName,
  contentToDelete: Names,
  removedAt: IsoDateTime,
});
export type UploadSessionFileRemoved = t.TypeOf<typeof UploadSessionFileRemoved>;

export const UploadSessionContentReceived = event('UploadSessionContentReceived', {
  name: FileName,
  size: NonNegativeInteger,
  checksum: Checksum,
  etag: Etag,
  receivedAt: IsoDateTime,
});
export type UploadSessionContentReceived = t.TypeOf<typeof UploadSessionContentReceived>;

/**
 * Why a transfer ended without content: the client's body ended early or its connection dropped
 * (`broken-off`), it sent more than declared or allowed (`too-large`), the service could not store
 * it (`storage-failed`), or the session ended under it (`canceled`, `failed`, `expired`).
 */
export const InterruptionReason = t.keyof(
  {
    'broken-off': null,
    'too-large': null,
    'storage-failed': null,
    canceled: null,
    failed: null,
    expired: null,
  },
  'InterruptionReason',
);
export type InterruptionReason = t.TypeOf<typeof InterruptionReason>;

/** A transfer in flight when the session ended, with the bytes that had arrived. */
export const InterruptedTransfer = record(
  { name: FileName, bytesReceived: NonNegativeInteger },
  'InterruptedTransfer',
);
export type InterruptedTransfer = t.TypeOf<typeof InterruptedTransfer>;

/** A transfer of an ACTIVE session's file ended without content after `bytesReceived` bytes. */
export const UploadSessionTransferInterrupted = event('UploadSessionTransferInterrupted', {
  name: FileName,
  bytesReceived: NonNegativeInteger,
  reason: InterruptionReason,
  interruptedAt: IsoDateTime,
});
export type UploadSessionTransferInterrupted = t.TypeOf<typeof UploadSessionTransferInterrupted>;

export const CompletedFile = record(
  { name: FileName, size: NonNegativeInteger, checksum: Checksum, etag: Etag },
  'CompletedFile',
);
export type CompletedFile = t.TypeOf<typeof CompletedFile>;

/** The files, in slot order, that become the target's new content. */
export const UploadSessionCompleted = event('UploadSessionCompleted', {
  files: t.readonlyArray(CompletedFile),
  completedAt: IsoDateTime,
});
export type UploadSessionCompleted = t.TypeOf<typeof UploadSessionCompleted>;

export const CancelReason = t.keyof({ client: null, expired: null }, 'CancelReason');
export type CancelReason = t.TypeOf<typeof CancelReason>;

/**
 * `contentToDelete` names the received files whose bytes the service must delete (schema v2);
 * `interruptedTransfers` the transfers the cancel stopped, with the bytes that had arrived (v3).
 */
export const UploadSessionCanceled = event('UploadSessionCanceled', {
  reason: CancelReason,
  contentToDelete: Names,
  interruptedTransfers: t.readonlyArray(InterruptedTransfer),
  canceledAt: IsoDateTime,
});
export type UploadSessionCanceled = t.TypeOf<typeof UploadSessionCanceled>;

/** `interruptedTransfers`: the transfers the failure stopped (schema v2). */
export const UploadSessionFailed = event('UploadSessionFailed', {
  message: MessageText,
  contentToDelete: Names,
  interruptedTransfers: t.readonlyArray(InterruptedTransfer),
  failedAt: IsoDateTime,
});
export type UploadSessionFailed = t.TypeOf<typeof UploadSessionFailed>;

/** `clientProgress` null: the client did not report progress with this keep-alive. */
export const UploadSessionKeptAlive = event('UploadSessionKeptAlive', {
  expiresAt: IsoDateTime,
  clientProgress: t.union([Percentage, t.null]),
  keptAliveAt: IsoDateTime,
});
export type UploadSessionKeptAlive = t.TypeOf<typeof UploadSessionKeptAlive>;

export const UploadSessionWarningBehaviorUpdated = event('UploadSessionWarningBehaviorUpdated', {
  warningBehavior: t.readonlyArray(WarningBehavior),
  updatedAt: IsoDateTime,
});
export type UploadSessionWarningBehaviorUpdated = t.TypeOf<typeof UploadSessionWarningBehaviorUpdated>;

export const UploadSessionDeleted = event('UploadSessionDeleted', { deletedAt: IsoDateTime });
export type UploadSessionDeleted = t.TypeOf<typeof UploadSessionDeleted>;

export const uploadSessionEventCodecs = {
  UploadSessionStarted,
  UploadSessionFileAdded,
  UploadSessionFileRemoved,
  UploadSessionContentReceived,
  UploadSessionTransferInterrupted,
  UploadSessionCompleted,
  UploadSessionCanceled,
  UploadSessionFailed,
  UploadSessionKeptAlive,
  UploadSessionWarningBehaviorUpdated,
  UploadSessionDeleted,
} as const;

export const UploadSessionEvent = taggedUnion('UploadSessionEvent', uploadSessionEventCodecs);
export type UploadSessionEvent = t.TypeOf<typeof UploadSessionEvent>;
export type UploadSessionEventType = UploadSessionEvent['type'];

export const uploadSessionEventTypes = Object.keys(
  uploadSessionEventCodecs,
) as readonly UploadSessionEventType[];
