import type { Readable } from 'node:stream';
import type { Either } from 'fp-ts/Either';

export type DigestAlgorithm = 'MD5' | 'SHA1' | 'SHA256' | 'SHA512';

export interface ReceivedContent {
  readonly size: number;
  /** Hex digests of the bytes, one per requested algorithm (SHA256 always among them). */
  readonly digests: Readonly<Partial<Record<DigestAlgorithm, string>>>;
}

/**
 * The reason in-flight transfers are aborted with when the service stops: not the client's doing nor a
 * refusal of its upload, so the dialects answer "unavailable, retry" (503 with Retry-After).
 */
export class ServiceShutdown extends Error {
  constructor() {
    super('the service is shutting down');
  }
}

/** How long a client cut off by a shutdown is told to wait before it sends the bytes again. */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

export type ContentError =
  /** `shutdown`: aborted because the service stops (ServiceShutdown); the client should retry. */
  | { readonly _tag: 'TransferAborted'; readonly reason: string; readonly shutdown?: boolean }
  | { readonly _tag: 'ContentTooLarge'; readonly limit: number }
  | { readonly _tag: 'StorageFailed'; readonly message: string };

export interface ReceiveRequest {
  readonly sessionId: string;
  readonly fileName: string;
  readonly source: Readable;
  /** Aborting it stops the transfer and deletes what was written. */
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly onProgress?: (bytes: number) => void;
}

/**
 * The content-store port. Bytes of a session are staged per session until the session completes
 * (they become the item's content version) or ends otherwise (they are deleted). Session ids, item
 * ids and file names must have passed safe-names.ts.
 */
export interface ContentStore {
  /**
   * Streams `source` into the session's staging area, set aside under its SHA-256: the file's current
   * bytes stay as they are until `place` (called once the content is recorded) puts the new ones in
   * their stead. A refused or interrupted upload thus never destroys content already recorded.
   */
  receive(request: ReceiveRequest): Promise<Either<ContentError, ReceivedContent>>;
  /** Puts the bytes received with that SHA-256 in place as the file; false: none set aside (already placed). Idempotent. */
  place(sessionId: string, fileName: string, sha256: string): Promise<Either<ContentError, boolean>>;
  /** Deletes bytes set aside that will never be placed (their content was not recorded). */
  discardReceived(sessionId: string, fileName: string, sha256: string): Promise<void>;
  discardFile(sessionId: string, fileName: string): Promise<void>;
  discardSession(sessionId: string): Promise<void>;
  /** Sessions that have a staging area (for the clean-up sweep). */
  stagedSessions(): Promise<readonly string[]>;
  /**
   * Deletes the session's partial and set-aside files last written before `before` (transfers a crash
   * cut off, or whose recording failed); returns how many. Place recorded ones first.
   */
  discardStalePartialFiles(sessionId: string, before: Date): Promise<number>;
  /** Makes the staged files the item's content version `version`. Idempotent. */
  commit(sessionId: string, itemId: string, version: number): Promise<Either<ContentError, void>>;
  /**
   * Opens bytes `start`..`end` (inclusive) of a file of the item's content version `version`, for
   * reading; StorageFailed when it is not there. Opened at once, so a missing file shows before any
   * answer is sent; the stream closes the file when it ends or is destroyed.
   */
  openCommitted(
    itemId: string,
    version: number,
    fileName: string,
    start: number,
    end: number,
  ): Promise<Either<ContentError, Readable>>;
  /** Whether content version `version` of the item is stored. */
  hasVersion(itemId: string, version: number): Promise<boolean>;
  /** Deletes every committed content version of the item (the item itself was deleted). Idempotent. */
  discardItem(itemId: string): Promise<void>;
}

export const CONTENT_STORE = Symbol('ContentStore');
