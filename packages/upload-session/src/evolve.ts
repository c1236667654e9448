import type { InterruptedTransfer, InterruptionReason, UploadSessionEvent } from './events';
import { declaredFileState, withReceivedContent } from './file-state';
import type { UploadSession, UploadSessionState } from './upload-session-state';

/**
 * Applies one event. Total: an event that cannot apply to the state (only a corrupted stream holds
 * one, since `decide` never emits it) leaves the state unchanged rather than throwing.
 */
export const evolve = (state: UploadSessionState, event: UploadSessionEvent): UploadSessionState => {
  if (event.type === 'UploadSessionStarted') {
    if (state.status !== 'NONE') return state;
    const { data } = event;
    return {
      status: 'ACTIVE',
      sessionId: data.sessionId,
      organizationId: data.organizationId,
      target: data.target,
      files: data.files.map(declaredFileState),
      expiresAt: data.expiresAt,
      clientProgress: 0,
      clientToken: data.clientToken,
      warningBehavior: [],
      errorMessage: null,
      cancelReason: null,
      completedFiles: null,
      statusBeforeDelete: null,
      createdAt: data.startedAt,
      updatedAt: data.startedAt,
      endedAt: null,
      deletedAt: null,
    };
  }
  if (state.status === 'NONE' || state.status === 'DELETED') return state;
  if (event.type === 'UploadSessionDeleted') {
    if (state.status === 'ACTIVE') return state;
    return {
      ...state,
      status: 'DELETED',
      statusBeforeDelete: state.status,
      deletedAt: event.data.deletedAt,
      updatedAt: event.data.deletedAt,
    };
  }
  if (state.status !== 'ACTIVE') return state;
  return evolveActive(state, event);
};

/** Marks the files whose transfers ended without content, with the bytes that had arrived. */
const withInterruptions = (
  session: UploadSession,
  transfers: readonly InterruptedTransfer[],
  reason: InterruptionReason,
  at: string,
): UploadSession['files'] =>
  session.files.map((file) => {
    const transfer = transfers.find((t) => t.name === file.name);
    return transfer === undefined
      ? file
      : { ...file, interruption: { bytesReceived: transfer.bytesReceived, reason, at } };
  });

const evolveActive = (session: UploadSession, event: UploadSessionEvent): UploadSession => {
  switch (event.type) {
    case 'UploadSessionFileAdded': {
      const { name, size, checksum, addedAt } = event.data;
      if (session.files.some((file) => file.name === name)) return session;
      return {
        ...session,
        files: [...session.files, declaredFileState({ name, size, checksum })],
        updatedAt: addedAt,
      };
    }
    case 'UploadSessionFileRemoved':
      return {
        ...session,
        files: session.files.filter((file) => file.name !== event.data.name),
        updatedAt: event.data.removedAt,
      };
    case 'UploadSessionContentReceived': {
      const { name, size, checksum, etag, receivedAt } = event.data;
      return {
        ...session,
        files: session.files.map((file) =>
          file.name === name ? withReceivedContent(file, { size, checksum, etag, receivedAt }) : file,
        ),
        updatedAt: receivedAt,
      };
    }
    case 'UploadSessionTransferInterrupted': {
      const { name, bytesReceived, reason, interruptedAt } = event.data;
      return {
        ...session,
        files: withInterruptions(session, [{ name, bytesReceived }], reason, interruptedAt),
        updatedAt: interruptedAt,
      };
    }
    case 'UploadSessionCompleted':
      return {
        ...session,
        status: 'DONE',
        completedFiles: event.data.files,
        endedAt: event.data.completedAt,
        updatedAt: event.data.completedAt,
      };
    case 'UploadSessionCanceled':
      return {
        ...session,
        status: 'CANCELED',
        cancelReason: event.data.reason,
        files: withInterruptions(
          session,
          event.data.interruptedTransfers,
          event.data.reason === 'expired' ? 'expired' : 'canceled',
          event.data.canceledAt,
        ),
        endedAt: event.data.canceledAt,
        updatedAt: event.data.canceledAt,
      };
    case 'UploadSessionFailed':
      return {
        ...session,
        status: 'ERROR',
        errorMessage: event.data.message,
        files: withInterruptions(session, event.data.interruptedTransfers, 'failed', event.data.failedAt),
        endedAt: event.data.failedAt,
        updatedAt: event.data.failedAt,
      };
    case 'UploadSessionKeptAlive':
      return {
        ...session,
        expiresAt: event.data.expiresAt,
        clientProgress: Math.max(session.clientProgress, event.data.clientProgress ?? 0),
        updatedAt: event.data.keptAliveAt,
      };
    case 'UploadSessionWarningBehaviorUpdated':
      return { ...session, warningBehavior: event.data.warningBehavior, updatedAt: event.data.updatedAt };
    case 'UploadSessionStarted':
    case 'UploadSessionDeleted':
      return session;
  }
};
