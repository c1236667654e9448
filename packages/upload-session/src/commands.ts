import * as t from 'io-ts';
import { Checksum } from './checksum';
import { DeclaredFile, declaredFileProps } from './declared-file';
import { ClientToken, Etag, FileName, OrganizationId, SessionId } from './ids';
import { IsoDateTime, MessageText, NonNegativeInteger, Percentage, record } from './primitives';
import { taggedUnion } from './tagged-union';
import { UploadTarget } from './upload-target';
import { WarningBehavior } from './warning-behavior';

// Every command carries `now`: the decider never reads a clock, so its answers are reproducible.

export const StartUploadSession = record(
  {
    type: t.literal('StartUploadSession'),
    sessionId: SessionId,
    organizationId: OrganizationId,
    target: UploadTarget,
    files: t.readonlyArray(DeclaredFile),
    expiresAt: IsoDateTime,
    clientToken: t.union([ClientToken, t.null]),
    now: IsoDateTime,
  },
  'StartUploadSession',
);
export type StartUploadSession = t.TypeOf<typeof StartUploadSession>;

export const AddFile = record(
  { type: t.literal('AddFile'), ...declaredFileProps, now: IsoDateTime },
  'AddFile',
);
export type AddFile = t.TypeOf<typeof AddFile>;

export const RemoveFile = record(
  { type: t.literal('RemoveFile'), name: FileName, now: IsoDateTime },
  'RemoveFile',
);
export type RemoveFile = t.TypeOf<typeof RemoveFile>;

/** All bytes of one file (or part) have arrived; size and checksum are what the service measured. */
export const RecordContent = record(
  {
    type: t.literal('RecordContent'),
    name: FileName,
    size: NonNegativeInteger,
    checksum: Checksum,
    etag: Etag,
    now: IsoDateTime,
  },
  'RecordContent',
);
export type RecordContent = t.TypeOf<typeof RecordContent>;

export const CompletedPart = record({ name: FileName, etag: Etag }, 'CompletedPart');
export type CompletedPart = t.TypeOf<typeof CompletedPart>;

/** `parts` is BlendVision's list of (part, etag) the client claims; vSphere sends null. */
export const CompleteUploadSession = record(
  {
    type: t.literal('CompleteUploadSession'),
    parts: t.union([t.readonlyArray(CompletedPart), t.null]),
    now: IsoDateTime,
  },
  'CompleteUploadSession',
);
export type CompleteUploadSession = t.TypeOf<typeof CompleteUploadSession>;

/** A transfer in flight on the service when a session-ending command was sent, with its bytes so far. */
export const TransferInFlight = record(
  { name: FileName, bytesReceived: NonNegativeInteger },
  'TransferInFlight',
);
export type TransferInFlight = t.TypeOf<typeof TransferInFlight>;
const TransfersInFlight = t.readonlyArray(TransferInFlight);

/** A transfer of the file ended without content (see `InterruptionReason`). */
export const RecordTransferInterrupted = record(
  {
    type: t.literal('RecordTransferInterrupted'),
    name: FileName,
    bytesReceived: NonNegativeInteger,
    reason: t.keyof({ 'broken-off': null, 'too-large': null, 'storage-failed': null }, 'reason'),
    now: IsoDateTime,
  },
  'RecordTransferInterrupted',
);
export type RecordTransferInterrupted = t.TypeOf<typeof RecordTransferInterrupted>;

export const CancelUploadSession = record(
  {
    type: t.literal('CancelUploadSession'),
    reason: t.literal('client'),
    transfersInFlight: TransfersInFlight,
    now: IsoDateTime,
  },
  'CancelUploadSession',
);
export type CancelUploadSession = t.TypeOf<typeof CancelUploadSession>;

export const FailUploadSession = record(
  {
    type: t.literal('FailUploadSession'),
    message: MessageText,
    transfersInFlight: TransfersInFlight,
    now: IsoDateTime,
  },
  'FailUploadSession',
);
export type FailUploadSession = t.TypeOf<typeof FailUploadSession>;

export const KeepAliveUploadSession = record(
  {
    type: t.literal('KeepAliveUploadSession'),
    expiresAt: IsoDateTime,
    clientProgress: t.union([Percentage, t.null]),
    now: IsoDateTime,
  },
  'KeepAliveUploadSession',
);
export type KeepAliveUploadSession = t.TypeOf<typeof KeepAliveUploadSession>;

/** Sent by the service's expiry sweeper; refused until `now` reaches the session's `expiresAt`. */
export const ExpireUploadSession = record(
  { type: t.literal('ExpireUploadSession'), transfersInFlight: TransfersInFlight, now: IsoDateTime },
  'ExpireUploadSession',
);
export type ExpireUploadSession = t.TypeOf<typeof ExpireUploadSession>;

export const UpdateWarningBehavior = record(
  {
    type: t.literal('UpdateWarningBehavior'),
    warningBehavior: t.readonlyArray(WarningBehavior),
    now: IsoDateTime,
  },
  'UpdateWarningBehavior',
);
export type UpdateWarningBehavior = t.TypeOf<typeof UpdateWarningBehavior>;

export const DeleteUploadSession = record(
  { type: t.literal('DeleteUploadSession'), now: IsoDateTime },
  'DeleteUploadSession',
);
export type DeleteUploadSession = t.TypeOf<typeof DeleteUploadSession>;

export const UploadSessionCommand = taggedUnion('UploadSessionCommand', {
  StartUploadSession,
  AddFile,
  RemoveFile,
  RecordContent,
  RecordTransferInterrupted,
  CompleteUploadSession,
  CancelUploadSession,
  FailUploadSession,
  KeepAliveUploadSession,
  ExpireUploadSession,
  UpdateWarningBehavior,
  DeleteUploadSession,
});
export type UploadSessionCommand = t.TypeOf<typeof UploadSessionCommand>;
export type UploadSessionCommandType = UploadSessionCommand['type'];
