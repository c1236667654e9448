// After a run: every session the server acknowledged is in the event store with a valid history. Opens
// the stopped service's events.sqlite and folds each acknowledged session with the domain's own
// deserializer and evolve.
import { deserializeEvent, evolve, initialState } from '@upload-sessions/domain';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';

const TERMINAL = new Set(['UploadSessionCanceled', 'UploadSessionCompleted', 'UploadSessionFailed']);

/**
 * `ledger`: created, canceled and completed session ids as acknowledged over HTTP. Returns counts and
 * the first problems found (missing streams, undecodable events, events after an end, wrong end).
 */
export const verifySessions = async (eventsPath, ledger) => {
  const opened = await SqliteEventStore.open({ path: eventsPath, externalChangePollMs: 0 });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  const store = opened.right;
  const problems = [];
  let checked = 0;
  let events = 0;
  try {
    for (const sessionId of ledger.created) {
      checked += 1;
      const read = await store.readStream(`upload-session-${sessionId}`);
      if (read._tag === 'Left') {
        problems.push(`${sessionId}: acknowledged but ${read.left._tag}`);
        continue;
      }
      let state = initialState;
      let ended = null;
      for (const recorded of read.right) {
        events += 1;
        const version = recorded.metadata.schemaVersion;
        const decoded = deserializeEvent({
          type: recorded.type,
          schemaVersion: typeof version === 'number' ? version : 1,
          data: recorded.data,
        });
        if (decoded._tag === 'Left') {
          problems.push(`${sessionId}: event ${recorded.revision} does not decode`);
          break;
        }
        if (ended !== null && decoded.right.type !== 'UploadSessionDeleted')
          problems.push(`${sessionId}: ${decoded.right.type} after ${ended}`);
        if (recorded.revision === 0 && decoded.right.type !== 'UploadSessionStarted')
          problems.push(`${sessionId}: starts with ${decoded.right.type}`);
        if (TERMINAL.has(decoded.right.type)) ended = decoded.right.type;
        state = evolve(state, decoded.right);
      }
      if (ledger.canceled.has(sessionId) && state.status !== 'CANCELED')
        problems.push(`${sessionId}: cancel acknowledged, state ${state.status}`);
      if (ledger.completed.has(sessionId) && state.status !== 'DONE')
        problems.push(`${sessionId}: complete acknowledged, state ${state.status}`);
    }
  } finally {
    await store.close();
  }
  return { checked, events, problems: problems.slice(0, 10), problemCount: problems.length };
};
