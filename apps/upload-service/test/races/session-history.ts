import * as E from 'fp-ts/Either';
import {
  decide,
  deserializeEvent,
  evolve,
  initialState,
  isTerminalStatus,
  type UploadSessionCommand,
  type UploadSessionEvent,
  type UploadSessionState,
} from '@upload-sessions/domain';
import type { EventStore } from '@upload-sessions/event-store';
import { uploadSessionStream } from '@upload-sessions/service-core/event-sourcing/stream-names';

export interface SessionHistory {
  readonly types: readonly string[];
  /** The events that ended the session (Completed, Canceled, Failed). */
  readonly terminal: readonly UploadSessionEvent[];
  readonly final: UploadSessionState;
  /** Why the history breaks the domain's rules; empty when it is valid. */
  readonly violations: readonly string[];
}

const TERMINAL = new Set(['UploadSessionCompleted', 'UploadSessionCanceled', 'UploadSessionFailed']);

/**
 * The command that would have produced `event`, for the events a race can write: replaying it on the
 * state before must be accepted and give an event of the same type, else the history is not one the
 * decider could have written.
 */
const commandOf = (event: UploadSessionEvent): UploadSessionCommand | undefined => {
  switch (event.type) {
    case 'UploadSessionCanceled':
      return event.data.reason === 'client'
        ? { type: 'CancelUploadSession', reason: 'client', now: event.data.canceledAt }
        : { type: 'ExpireUploadSession', now: event.data.canceledAt };
    case 'UploadSessionCompleted':
      return {
        type: 'CompleteUploadSession',
        parts: event.data.files.map((file) => ({ name: file.name, etag: file.etag })),
        now: event.data.completedAt,
      };
    case 'UploadSessionKeptAlive':
      return {
        type: 'KeepAliveUploadSession',
        expiresAt: event.data.expiresAt,
        clientProgress: event.data.clientProgress,
        now: event.data.keptAliveAt,
      };
    default:
      return undefined;
  }
};

/**
 * Reads a session's stream from the store and checks it by the domain's own rules: every event decodes,
 * the race's events replay through `decide`, at most one terminal event and nothing after it.
 */
export const readSessionHistory = async (store: EventStore, sessionId: string): Promise<SessionHistory> => {
  const read = await store.readStream(uploadSessionStream(sessionId));
  if (E.isLeft(read)) throw new Error(`reading session ${sessionId}: ${read.left._tag}`);
  const violations: string[] = [];
  const terminal: UploadSessionEvent[] = [];
  let state: UploadSessionState = initialState;
  for (const recorded of read.right) {
    const schemaVersion = (recorded.metadata as { schemaVersion?: number }).schemaVersion ?? 1;
    const decoded = deserializeEvent({ type: recorded.type, schemaVersion, data: recorded.data });
    if (E.isLeft(decoded)) {
      violations.push(`revision ${recorded.revision}: ${decoded.left.message}`);
      continue;
    }
    const event = decoded.right;
    if (isTerminalStatus(state.status)) {
      violations.push(
        `revision ${recorded.revision}: ${event.type} after the session ended (${state.status})`,
      );
    }
    const command = commandOf(event);
    if (command !== undefined) {
      const decision = decide(command, state);
      if (E.isLeft(decision)) {
        violations.push(
          `revision ${recorded.revision}: ${event.type} replayed is refused: ${decision.left._tag}`,
        );
      } else if (decision.right[0]?.type !== event.type) {
        violations.push(
          `revision ${recorded.revision}: ${event.type} replayed gives ${decision.right[0]?.type}`,
        );
      }
    }
    if (TERMINAL.has(event.type)) terminal.push(event);
    state = evolve(state, event);
  }
  if (terminal.length > 1) violations.push(`${terminal.length} terminal events`);
  return { types: read.right.map((e) => e.type), terminal, final: state, violations };
};

/** Counts of each distinct outcome (e.g. `204`, `400 NOT_ALLOWED_IN_CURRENT_STATE`). */
export const tally = (outcomes: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
};

export const mergeTallies = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
};
