import type { UploadSessionCommandType } from './commands';
import type { CancelReason } from './events';
import type { SessionStatus } from './upload-session-state';

// Each error names the command it refused and carries what the HTTP dialects need to answer.

/** No session (never started, or deleted). `sessionId` is null when the decider never knew one. */
export interface SessionNotFound {
  readonly _tag: 'SessionNotFound';
  readonly command: UploadSessionCommandType;
  readonly sessionId: string | null;
}
/** Start on a stream that already has a session (even a deleted one: ids are never reused). */
export interface SessionAlreadyExists {
  readonly _tag: 'SessionAlreadyExists';
  readonly command: UploadSessionCommandType;
  readonly sessionId: string;
  readonly state: SessionStatus;
  /** The existing session's token, so the caller can treat a retried create as idempotent. */
  readonly clientToken: string | null;
}
export interface NotAllowedInCurrentState {
  readonly _tag: 'NotAllowedInCurrentState';
  readonly command: UploadSessionCommandType;
  readonly state: SessionStatus;
}
/** Cancel of a canceled session: BlendVision answers it 200 (safe retry), vSphere 400. */
export interface AlreadyCanceled {
  readonly _tag: 'AlreadyCanceled';
  readonly command: UploadSessionCommandType;
  readonly state: 'CANCELED';
  readonly reason: CancelReason;
}
export interface FileAlreadyExists {
  readonly _tag: 'FileAlreadyExists';
  readonly command: UploadSessionCommandType;
  readonly name: string;
}
export interface FileNotFound {
  readonly _tag: 'FileNotFound';
  readonly command: UploadSessionCommandType;
  readonly name: string;
}
/** Files (or parts) without content, or not covered by the completed parts. */
export interface ContentMissing {
  readonly _tag: 'ContentMissing';
  readonly command: UploadSessionCommandType;
  readonly names: readonly string[];
}
/** Complete of a session that has no file at all. */
export interface NoContent {
  readonly _tag: 'NoContent';
  readonly command: UploadSessionCommandType;
}
/** A file whose received content did not match its declared size or checksum. */
export interface ContentInvalid {
  readonly _tag: 'ContentInvalid';
  readonly command: UploadSessionCommandType;
  readonly name: string;
  readonly message: string;
}
/** `expected`: the etag recorded when the part arrived; `actual`: the one the client sent. */
export interface EtagMismatch {
  readonly _tag: 'EtagMismatch';
  readonly command: UploadSessionCommandType;
  readonly name: string;
  readonly expected: string;
  readonly actual: string;
}
export interface ProgressDecreased {
  readonly _tag: 'ProgressDecreased';
  readonly command: UploadSessionCommandType;
  readonly current: number;
  readonly requested: number;
}
export interface NotExpired {
  readonly _tag: 'NotExpired';
  readonly command: UploadSessionCommandType;
  readonly expiresAt: string;
}
/** A well-formed command whose values contradict each other (duplicate names, an expiry in the past). */
export interface InvalidArgument {
  readonly _tag: 'InvalidArgument';
  readonly command: UploadSessionCommandType;
  readonly field: string;
  readonly message: string;
}

export type UploadSessionError =
  | SessionNotFound
  | SessionAlreadyExists
  | NotAllowedInCurrentState
  | AlreadyCanceled
  | FileAlreadyExists
  | FileNotFound
  | ContentMissing
  | NoContent
  | ContentInvalid
  | EtagMismatch
  | ProgressDecreased
  | NotExpired
  | InvalidArgument;

export type UploadSessionErrorTag = UploadSessionError['_tag'];

type Command = UploadSessionCommandType;

export const sessionNotFound = (command: Command, sessionId: string | null): SessionNotFound => ({
  _tag: 'SessionNotFound',
  command,
  sessionId,
});
export const sessionAlreadyExists = (
  command: Command,
  sessionId: string,
  state: SessionStatus,
  clientToken: string | null,
): SessionAlreadyExists => ({ _tag: 'SessionAlreadyExists', command, sessionId, state, clientToken });
export const notAllowedInCurrentState = (
  command: Command,
  state: SessionStatus,
): NotAllowedInCurrentState => ({
  _tag: 'NotAllowedInCurrentState',
  command,
  state,
});
export const alreadyCanceled = (command: Command, reason: CancelReason): AlreadyCanceled => ({
  _tag: 'AlreadyCanceled',
  command,
  state: 'CANCELED',
  reason,
});
export const fileAlreadyExists = (command: Command, name: string): FileAlreadyExists => ({
  _tag: 'FileAlreadyExists',
  command,
  name,
});
export const fileNotFound = (command: Command, name: string): FileNotFound => ({
  _tag: 'FileNotFound',
  command,
  name,
});
export const contentMissing = (command: Command, names: readonly string[]): ContentMissing => ({
  _tag: 'ContentMissing',
  command,
  names,
});
export const noContent = (command: Command): NoContent => ({ _tag: 'NoContent', command });
export const contentInvalid = (command: Command, name: string, message: string): ContentInvalid => ({
  _tag: 'ContentInvalid',
  command,
  name,
  message,
});
export const etagMismatch = (
  command: Command,
  name: string,
  expected: string,
  actual: string,
): EtagMismatch => ({
  _tag: 'EtagMismatch',
  command,
  name,
  expected,
  actual,
});
export const progressDecreased = (
  command: Command,
  current: number,
  requested: number,
): ProgressDecreased => ({
  _tag: 'ProgressDecreased',
  command,
  current,
  requested,
});
export const notExpired = (command: Command, expiresAt: string): NotExpired => ({
  _tag: 'NotExpired',
  command,
  expiresAt,
});
export const invalidArgument = (command: Command, field: string, message: string): InvalidArgument => ({
  _tag: 'InvalidArgument',
  command,
  field,
  message,
});

/** A one-line English description, for logs and for dialects that have no better message. */
export const describeUploadSessionError = (error: UploadSessionError): string => {
  switch (error._tag) {
    case 'SessionNotFound':
      return error.sessionId === null
        ? `${error.command}: the upload session does not exist`
        : `${error.command}: upload session ${error.sessionId} does not exist`;
    case 'SessionAlreadyExists':
      return `${error.command}: upload session ${error.sessionId} already exists (${error.state})`;
    case 'NotAllowedInCurrentState':
      return `${error.command} is not allowed while the upload session is ${error.state}`;
    case 'AlreadyCanceled':
      return `${error.command}: the upload session is already canceled (${error.reason})`;
    case 'FileAlreadyExists':
      return `${error.command}: file ${JSON.stringify(error.name)} already exists in the upload session`;
    case 'FileNotFound':
      return `${error.command}: file ${JSON.stringify(error.name)} is not in the upload session`;
    case 'ContentMissing':
      return `${error.command}: content missing for ${error.names.map((n) => JSON.stringify(n)).join(', ')}`;
    case 'NoContent':
      return `${error.command}: the upload session has no files`;
    case 'ContentInvalid':
      return `${error.command}: file ${JSON.stringify(error.name)} is invalid: ${error.message}`;
    case 'EtagMismatch':
      return `${error.command}: part ${JSON.stringify(error.name)} has etag ${error.expected}, not ${error.actual}`;
    case 'ProgressDecreased':
      return `${error.command}: client progress cannot go from ${error.current} down to ${error.requested}`;
    case 'NotExpired':
      return `${error.command}: the upload session does not expire before ${error.expiresAt}`;
    case 'InvalidArgument':
      return `${error.command}: invalid ${error.field}: ${error.message}`;
  }
};
