import type { Checksum } from './checksum';
import type { CancelReason, CompletedFile, InterruptionReason } from './events';
import type { UploadTarget } from './upload-target';
import type { WarningBehavior } from './warning-behavior';

/** vSphere's transfer statuses that this domain derives (no TRANSFERRING/VALIDATING: bytes arrive whole). */
export type FileStatus = 'WAITING_FOR_TRANSFER' | 'READY' | 'ERROR';

export interface ReceivedContent {
  readonly size: number;
  readonly checksum: Checksum;
  readonly etag: string;
  readonly receivedAt: string;
}

/**
 * A transfer of the file that ended without its content being recorded, after `bytesReceived` bytes:
 * the client broke off, sent more than allowed, the service could not store it, or the session ended
 * (canceled, failed, expired) while the bytes were arriving.
 */
export interface TransferInterruption {
  readonly bytesReceived: number;
  readonly reason: InterruptionReason;
  readonly at: string;
}

/** One file slot: what was declared, what arrived, and the status derived from comparing them. */
export interface FileState {
  readonly name: string;
  readonly declaredSize: number | null;
  readonly declaredChecksum: Checksum | null;
  readonly received: ReceivedContent | null;
  readonly status: FileStatus;
  /** Why the file is in ERROR (a size or checksum mismatch); null otherwise. */
  readonly errorMessage: string | null;
  /** The last transfer that ended without content, since content was last recorded; null if none. */
  readonly interruption: TransferInterruption | null;
}

/**
 * ACTIVE accepts work. DONE, ERROR and CANCELED are terminal: only a delete may follow them.
 * DELETED is final: the session answers nothing but SessionNotFound.
 */
export type SessionStatus = 'ACTIVE' | 'DONE' | 'ERROR' | 'CANCELED' | 'DELETED';
export type TerminalStatus = 'DONE' | 'ERROR' | 'CANCELED';

export interface NoSession {
  readonly status: 'NONE';
}

export interface UploadSession {
  readonly status: SessionStatus;
  readonly sessionId: string;
  readonly organizationId: string;
  readonly target: UploadTarget;
  /** Slots in the order they were declared or added. */
  readonly files: readonly FileState[];
  readonly expiresAt: string;
  /** 0 until the client reports progress (vSphere's initial value); never decreases. */
  readonly clientProgress: number;
  readonly clientToken: string | null;
  readonly warningBehavior: readonly WarningBehavior[];
  /** Set when the session failed (ERROR). */
  readonly errorMessage: string | null;
  /** Set when the session was canceled. */
  readonly cancelReason: CancelReason | null;
  /** The files that became the target's content, set when the session completed (DONE). */
  readonly completedFiles: readonly CompletedFile[] | null;
  /** The terminal status a deleted session had; null before deletion. */
  readonly statusBeforeDelete: TerminalStatus | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the session reached a terminal status. */
  readonly endedAt: string | null;
  readonly deletedAt: string | null;
}

export type UploadSessionState = NoSession | UploadSession;

export const initialState: UploadSessionState = { status: 'NONE' };

export const isTerminalStatus = (status: UploadSessionState['status']): status is TerminalStatus =>
  status === 'DONE' || status === 'ERROR' || status === 'CANCELED';

export const findFile = (session: UploadSession, name: string): FileState | undefined =>
  session.files.find((file) => file.name === name);

/** Names of the files whose bytes have arrived (and so are stored somewhere). */
export const receivedFileNames = (session: UploadSession): readonly string[] =>
  session.files.filter((file) => file.received !== null).map((file) => file.name);
