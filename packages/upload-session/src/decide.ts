import { type Either, left, right } from 'fp-ts/Either';
import type {
  AddFile,
  CompleteUploadSession,
  KeepAliveUploadSession,
  RecordContent,
  StartUploadSession,
  UploadSessionCommand,
} from './commands';
import type { CompletedFile, UploadSessionEvent } from './events';
import { instant } from './primitives';
import {
  alreadyCanceled,
  contentInvalid,
  contentMissing,
  etagMismatch,
  fileAlreadyExists,
  fileNotFound,
  invalidArgument,
  noContent,
  notAllowedInCurrentState,
  notExpired,
  progressDecreased,
  sessionAlreadyExists,
  sessionNotFound,
  type UploadSessionError,
} from './upload-session-error';
import {
  findFile,
  receivedFileNames,
  type UploadSession,
  type UploadSessionState,
} from './upload-session-state';

type Decision = Either<UploadSessionError, readonly UploadSessionEvent[]>;

const emit = (...events: UploadSessionEvent[]): Decision => right(events);

const firstDuplicate = (names: readonly string[]): string | undefined =>
  names.find((name, index) => names.indexOf(name) !== index);

/** True when `later` is strictly after `earlier`; false for anything that is not an instant. */
const isAfter = (later: string, earlier: string): boolean => instant(later) > instant(earlier);

/**
 * Decides what a command means for a session. Pure and total: the outcome depends only on its
 * arguments, and a refusal is a value, never an exception.
 */
export const decide = (command: UploadSessionCommand, state: UploadSessionState): Decision => {
  if (command.type === 'StartUploadSession') {
    return state.status === 'NONE'
      ? start(command)
      : left(sessionAlreadyExists(command.type, state.sessionId, state.status, state.clientToken));
  }
  if (state.status === 'NONE') return left(sessionNotFound(command.type, null));
  if (state.status === 'DELETED') return left(sessionNotFound(command.type, state.sessionId));

  if (command.type === 'DeleteUploadSession') {
    return state.status === 'ACTIVE'
      ? left(notAllowedInCurrentState(command.type, state.status))
      : emit({ type: 'UploadSessionDeleted', data: { deletedAt: command.now } });
  }
  if (command.type === 'CancelUploadSession' && state.status === 'CANCELED') {
    return left(alreadyCanceled(command.type, state.cancelReason ?? 'client'));
  }
  if (state.status !== 'ACTIVE') return left(notAllowedInCurrentState(command.type, state.status));

  switch (command.type) {
    case 'AddFile':
      return addFile(command, state);
    case 'RemoveFile': {
      const file = findFile(state, command.name);
      if (file === undefined) return left(fileNotFound(command.type, command.name));
      return emit({
        type: 'UploadSessionFileRemoved',
        data: {
          name: file.name,
          contentToDelete: file.received === null ? [] : [file.name],
          removedAt: command.now,
        },
      });
    }
    case 'RecordContent':
      return recordContent(command, state);
    case 'CompleteUploadSession':
      return complete(command, state);
    case 'CancelUploadSession':
      return emit({
        type: 'UploadSessionCanceled',
        data: { reason: command.reason, contentToDelete: receivedFileNames(state), canceledAt: command.now },
      });
    case 'ExpireUploadSession':
      // Not "now < expiresAt", so that an unreadable instant never expires a session.
      if (!(instant(command.now) >= instant(state.expiresAt))) {
        return left(notExpired(command.type, state.expiresAt));
      }
      return emit({
        type: 'UploadSessionCanceled',
        data: { reason: 'expired', contentToDelete: receivedFileNames(state), canceledAt: command.now },
      });
    case 'FailUploadSession':
      return emit({
        type: 'UploadSessionFailed',
        data: { message: command.message, contentToDelete: receivedFileNames(state), failedAt: command.now },
      });
    case 'KeepAliveUploadSession':
      return keepAlive(command, state);
    case 'UpdateWarningBehavior': {
      const duplicate = firstDuplicate(command.warningBehavior.map((behavior) => behavior.type));
      if (duplicate !== undefined) {
        return left(
          invalidArgument(command.type, 'warningBehavior', `warning type ${duplicate} appears twice`),
        );
      }
      return emit({
        type: 'UploadSessionWarningBehaviorUpdated',
        data: { warningBehavior: command.warningBehavior, updatedAt: command.now },
      });
    }
  }
};

const start = (command: StartUploadSession): Decision => {
  const duplicate = firstDuplicate(command.files.map((file) => file.name));
  if (duplicate !== undefined) {
    return left(
      invalidArgument(command.type, 'files', `file ${JSON.stringify(duplicate)} is declared twice`),
    );
  }
  if (!isAfter(command.expiresAt, command.now)) {
    return left(
      invalidArgument(command.type, 'expiresAt', `${command.expiresAt} is not after ${command.now}`),
    );
  }
  return emit({
    type: 'UploadSessionStarted',
    data: {
      sessionId: command.sessionId,
      organizationId: command.organizationId,
      target: command.target,
      files: command.files,
      expiresAt: command.expiresAt,
      clientToken: command.clientToken,
      startedAt: command.now,
    },
  });
};

const addFile = (command: AddFile, session: UploadSession): Decision => {
  if (findFile(session, command.name) !== undefined)
    return left(fileAlreadyExists(command.type, command.name));
  const { name, size, checksum, now } = command;
  return emit({ type: 'UploadSessionFileAdded', data: { name, size, checksum, addedAt: now } });
};

const recordContent = (command: RecordContent, session: UploadSession): Decision => {
  if (findFile(session, command.name) === undefined) return left(fileNotFound(command.type, command.name));
  const { name, size, checksum, etag, now } = command;
  return emit({
    type: 'UploadSessionContentReceived',
    data: { name, size, checksum, etag, receivedAt: now },
  });
};

const keepAlive = (command: KeepAliveUploadSession, session: UploadSession): Decision => {
  if (command.clientProgress !== null && command.clientProgress < session.clientProgress) {
    return left(progressDecreased(command.type, session.clientProgress, command.clientProgress));
  }
  if (!isAfter(command.expiresAt, command.now)) {
    return left(
      invalidArgument(command.type, 'expiresAt', `${command.expiresAt} is not after ${command.now}`),
    );
  }
  return emit({
    type: 'UploadSessionKeptAlive',
    data: { expiresAt: command.expiresAt, clientProgress: command.clientProgress, keptAliveAt: command.now },
  });
};

/**
 * Checks in this order, so each refusal names the most basic problem: unknown or repeated parts,
 * files without content, files whose content failed its checks, then etags. vSphere (no parts)
 * completes with every file. BlendVision lists its parts as S3 does: the listed parts, and only
 * they, must have arrived and become the content (in slot order); parts left out are not content,
 * and the service deletes their bytes when it commits the session.
 */
const complete = (command: CompleteUploadSession, session: UploadSession): Decision => {
  const { parts } = command;
  if (session.files.length === 0) return left(noContent(command.type));
  if (parts !== null) {
    const unknown = parts.find((part) => findFile(session, part.name) === undefined);
    if (unknown !== undefined) return left(fileNotFound(command.type, unknown.name));
    const duplicate = firstDuplicate(parts.map((part) => part.name));
    if (duplicate !== undefined) {
      return left(
        invalidArgument(command.type, 'parts', `part ${JSON.stringify(duplicate)} is listed twice`),
      );
    }
  }
  const listed = parts === null ? undefined : new Set(parts.map((part) => part.name));
  const completing = session.files.filter((file) => listed === undefined || listed.has(file.name));
  if (completing.length === 0)
    return left(
      contentMissing(
        command.type,
        session.files.map((f) => f.name),
      ),
    );
  const missing = completing.filter((file) => file.received === null).map((file) => file.name);
  if (missing.length > 0) return left(contentMissing(command.type, missing));
  const invalid = completing.find((file) => file.status === 'ERROR');
  if (invalid !== undefined) {
    return left(contentInvalid(command.type, invalid.name, invalid.errorMessage ?? 'content rejected'));
  }
  const files: CompletedFile[] = [];
  for (const file of completing) {
    if (file.received === null) return left(contentMissing(command.type, [file.name]));
    files.push({
      name: file.name,
      size: file.received.size,
      checksum: file.received.checksum,
      etag: file.received.etag,
    });
  }
  for (const part of parts ?? []) {
    const recorded = findFile(session, part.name)?.received?.etag;
    if (recorded !== undefined && recorded !== part.etag) {
      return left(etagMismatch(command.type, part.name, recorded, part.etag));
    }
  }
  return emit({ type: 'UploadSessionCompleted', data: { files, completedAt: command.now } });
};
