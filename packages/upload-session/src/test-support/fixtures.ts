// Builders for specs: plain values written out, independent of `decide`, so a spec compares the
// decider's answer with what the contract says, not with the decider's own output.
import type { Checksum } from '../checksum';
import type {
  AddFile,
  CancelUploadSession,
  CompleteUploadSession,
  CompletedPart,
  DeleteUploadSession,
  ExpireUploadSession,
  FailUploadSession,
  KeepAliveUploadSession,
  RecordContent,
  RecordTransferInterrupted,
  RemoveFile,
  StartUploadSession,
  UpdateWarningBehavior,
} from '../commands';
import type { DeclaredFile } from '../declared-file';
import type {
  CompletedFile,
  UploadSessionCanceled,
  UploadSessionCompleted,
  UploadSessionTransferInterrupted,
  UploadSessionContentReceived,
  UploadSessionDeleted,
  UploadSessionEvent,
  UploadSessionFailed,
  UploadSessionFileAdded,
  UploadSessionFileRemoved,
  UploadSessionKeptAlive,
  UploadSessionStarted,
  UploadSessionWarningBehaviorUpdated,
} from '../events';
import type { UploadTarget } from '../upload-target';

export const T0 = '2024-05-01T10:00:00.000Z';
/** The instant `seconds` after T0. */
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export const SESSION_ID = 'sess-0001';
export const ORG_ID = 'org-acme';
export const libraryItem: UploadTarget = {
  kind: 'library-item',
  libraryItemId: 'item-42',
  contentVersion: '3',
};
export const blendVisionFile: UploadTarget = { kind: 'file', fileId: 'file-7' };

export const sha256 = (hex: string): Checksum => ({ algorithm: 'SHA256', value: hex });
export const DISK_SHA = sha256('aa'.repeat(32));
export const OTHER_SHA = sha256('bb'.repeat(32));

export const declared = (
  name: string,
  size: number | null = null,
  checksum: Checksum | null = null,
): DeclaredFile => ({
  name,
  size,
  checksum,
});

export const cmd = {
  start: (over: Partial<StartUploadSession> = {}): StartUploadSession => ({
    type: 'StartUploadSession',
    sessionId: SESSION_ID,
    organizationId: ORG_ID,
    target: libraryItem,
    files: [],
    expiresAt: at(300),
    clientToken: null,
    now: T0,
    ...over,
  }),
  addFile: (name: string, over: Partial<AddFile> = {}): AddFile => ({
    type: 'AddFile',
    name,
    size: null,
    checksum: null,
    now: at(10),
    ...over,
  }),
  removeFile: (name: string, now = at(20)): RemoveFile => ({ type: 'RemoveFile', name, now }),
  recordContent: (name: string, over: Partial<RecordContent> = {}): RecordContent => ({
    type: 'RecordContent',
    name,
    size: 10,
    checksum: DISK_SHA,
    etag: `"etag-${name}"`,
    now: at(30),
    ...over,
  }),
  complete: (parts: readonly CompletedPart[] | null = null, now = at(40)): CompleteUploadSession => ({
    type: 'CompleteUploadSession',
    parts,
    now,
  }),
  cancel: (
    now = at(50),
    transfersInFlight: CancelUploadSession['transfersInFlight'] = [],
  ): CancelUploadSession => ({
    type: 'CancelUploadSession',
    reason: 'client',
    transfersInFlight,
    now,
  }),
  interrupted: (
    name: string,
    bytesReceived = 100,
    reason: RecordTransferInterrupted['reason'] = 'broken-off',
    now = at(35),
  ): RecordTransferInterrupted => ({ type: 'RecordTransferInterrupted', name, bytesReceived, reason, now }),
  fail: (message = 'client gave up', now = at(50)): FailUploadSession => ({
    type: 'FailUploadSession',
    message,
    transfersInFlight: [],
    now,
  }),
  keepAlive: (
    clientProgress: number | null,
    over: Partial<KeepAliveUploadSession> = {},
  ): KeepAliveUploadSession => ({
    type: 'KeepAliveUploadSession',
    clientProgress,
    expiresAt: at(600),
    now: at(60),
    ...over,
  }),
  expire: (now = at(300)): ExpireUploadSession => ({
    type: 'ExpireUploadSession',
    transfersInFlight: [],
    now,
  }),
  updateWarningBehavior: (
    warningBehavior: UpdateWarningBehavior['warningBehavior'] = [
      { type: 'SELF_SIGNED_CERTIFICATE', ignored: true },
    ],
    now = at(70),
  ): UpdateWarningBehavior => ({ type: 'UpdateWarningBehavior', warningBehavior, now }),
  delete: (now = at(900)): DeleteUploadSession => ({ type: 'DeleteUploadSession', now }),
};

export const ev = {
  started: (over: Partial<UploadSessionStarted['data']> = {}): UploadSessionStarted => ({
    type: 'UploadSessionStarted',
    data: {
      sessionId: SESSION_ID,
      organizationId: ORG_ID,
      target: libraryItem,
      files: [],
      expiresAt: at(300),
      clientToken: null,
      startedAt: T0,
      ...over,
    },
  }),
  fileAdded: (name: string, over: Partial<UploadSessionFileAdded['data']> = {}): UploadSessionFileAdded => ({
    type: 'UploadSessionFileAdded',
    data: { name, size: null, checksum: null, addedAt: at(10), ...over },
  }),
  fileRemoved: (
    name: string,
    contentToDelete: readonly string[],
    removedAt = at(20),
  ): UploadSessionFileRemoved => ({
    type: 'UploadSessionFileRemoved',
    data: { name, contentToDelete, removedAt },
  }),
  contentReceived: (
    name: string,
    over: Partial<UploadSessionContentReceived['data']> = {},
  ): UploadSessionContentReceived => ({
    type: 'UploadSessionContentReceived',
    data: { name, size: 10, checksum: DISK_SHA, etag: `"etag-${name}"`, receivedAt: at(30), ...over },
  }),
  transferInterrupted: (
    name: string,
    bytesReceived: number,
    reason: UploadSessionTransferInterrupted['data']['reason'] = 'broken-off',
    interruptedAt = at(35),
  ): UploadSessionTransferInterrupted => ({
    type: 'UploadSessionTransferInterrupted',
    data: { name, bytesReceived, reason, interruptedAt },
  }),
  completed: (files: readonly CompletedFile[], completedAt = at(40)): UploadSessionCompleted => ({
    type: 'UploadSessionCompleted',
    data: { files, completedAt },
  }),
  canceled: (
    contentToDelete: readonly string[],
    reason: 'client' | 'expired' = 'client',
    canceledAt = at(50),
  ): UploadSessionCanceled => ({
    type: 'UploadSessionCanceled',
    data: { reason, contentToDelete, interruptedTransfers: [], canceledAt },
  }),
  failed: (
    contentToDelete: readonly string[],
    message = 'client gave up',
    failedAt = at(50),
  ): UploadSessionFailed => ({
    type: 'UploadSessionFailed',
    data: { message, contentToDelete, interruptedTransfers: [], failedAt },
  }),
  keptAlive: (
    clientProgress: number | null,
    expiresAt = at(600),
    keptAliveAt = at(60),
  ): UploadSessionKeptAlive => ({
    type: 'UploadSessionKeptAlive',
    data: { expiresAt, clientProgress, keptAliveAt },
  }),
  warningBehaviorUpdated: (
    warningBehavior: UploadSessionWarningBehaviorUpdated['data']['warningBehavior'],
    updatedAt = at(70),
  ): UploadSessionWarningBehaviorUpdated => ({
    type: 'UploadSessionWarningBehaviorUpdated',
    data: { warningBehavior, updatedAt },
  }),
  deleted: (deletedAt = at(900)): UploadSessionDeleted => ({
    type: 'UploadSessionDeleted',
    data: { deletedAt },
  }),
};

/** A vSphere-like session with one file, `disk.vmdk`, declared (10 bytes, DISK_SHA) and received. */
export const DISK = 'disk.vmdk';
export const diskCompleted: CompletedFile = {
  name: DISK,
  size: 10,
  checksum: DISK_SHA,
  etag: `"etag-${DISK}"`,
};

export const history = {
  NONE: [] as readonly UploadSessionEvent[],
  ACTIVE: [ev.started({ files: [declared(DISK, 10, DISK_SHA)] }), ev.contentReceived(DISK)] as const,
  get DONE(): readonly UploadSessionEvent[] {
    return [...this.ACTIVE, ev.completed([diskCompleted])];
  },
  get ERROR(): readonly UploadSessionEvent[] {
    return [...this.ACTIVE, ev.failed([DISK])];
  },
  get CANCELED(): readonly UploadSessionEvent[] {
    return [...this.ACTIVE, ev.canceled([DISK])];
  },
  get DELETED(): readonly UploadSessionEvent[] {
    return [...this.DONE, ev.deleted()];
  },
};
