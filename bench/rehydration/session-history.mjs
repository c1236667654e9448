// Realistic upload-session streams for the rehydration and projection benchmarks: events decided by the
// domain's own decider (in memory, no store round trip), serialised and given metadata exactly as the
// service's runDecider does, so loading and projecting them takes the app's real paths.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const domain = require('@upload-sessions/domain');
const { eventMetadata } = require('@upload-sessions/service-core/event-sourcing/command-context');
const { uploadSessionStream } = require('@upload-sessions/service-core/event-sourcing/stream-names');

const { decide, evolve, initialState } = domain.uploadSessionDecider;

/** mulberry32: the same seed gives the same shapes. */
export const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * One session's stream: started, files added, kept alive, content recorded, then completed, canceled
 * (by default written in the old schema v1, so reading it goes through the domain's upcaster) or left active.
 * `length` >= 3 events; `files` files (each AddFile + RecordContent), the rest keep-alives.
 */
export const sessionEvents = ({
  sessionId = randomUUID(),
  organizationId = 'org-0',
  length,
  files,
  outcome,
  clock,
  legacyCancel = true,
}) => {
  const context = {
    actor: { id: `user-0@${organizationId}`, kind: 'user' },
    organizationId,
    correlationId: `req-${sessionId}`,
    causationId: null,
  };
  let time = clock ?? Date.parse('2026-03-01T08:00:00.000Z');
  const now = () => new Date((time += 1000)).toISOString();
  let state = initialState;
  const events = [];
  const run = (command) => {
    const decided = decide(command, state);
    if (decided._tag === 'Left') throw new Error(`${command.type}: ${JSON.stringify(decided.left)}`);
    const occurredAt = command.now;
    for (const event of decided.right) {
      const encoded = domain.serializeEvent(event);
      const id = randomUUID();
      events.push({
        id,
        type: encoded.type,
        data: encoded.data,
        metadata: eventMetadata(context, id, occurredAt, encoded.schemaVersion),
      });
      state = evolve(state, event);
    }
  };
  const ending = outcome === 'active' ? 0 : 1;
  const fileCount = Math.max(1, Math.min(files ?? 2, Math.floor((length - 1 - ending) / 2)));
  const keepAlives = length - 1 - ending - 2 * fileCount;
  const startedAt = now();
  run({
    type: 'StartUploadSession',
    sessionId,
    organizationId,
    target: { kind: 'library-item', libraryItemId: `item-${sessionId.slice(0, 8)}`, contentVersion: '1' },
    files: [],
    expiresAt: new Date(Date.parse(startedAt) + 300_000).toISOString(),
    clientToken: null,
    now: startedAt,
  });
  for (let f = 0; f < fileCount; f++) {
    run({ type: 'AddFile', name: `file-${f}.vmdk`, size: 1000 + f, checksum: null, now: now() });
  }
  for (let k = 0; k < keepAlives; k++) {
    run({
      type: 'KeepAliveUploadSession',
      expiresAt: new Date(time + 600_000).toISOString(),
      clientProgress: Math.floor((k / Math.max(1, keepAlives)) * 90),
      now: now(),
    });
  }
  for (let f = 0; f < fileCount; f++) {
    run({
      type: 'RecordContent',
      name: `file-${f}.vmdk`,
      size: 1000 + f,
      checksum: { algorithm: 'SHA256', value: 'ab'.repeat(32) },
      etag: `etag-${f}`,
      now: now(),
    });
  }
  if (outcome === 'completed') run({ type: 'CompleteUploadSession', parts: null, now: now() });
  if (outcome === 'canceled' && !legacyCancel)
    run({ type: 'CancelUploadSession', reason: 'client', now: now() });
  if (outcome === 'canceled' && legacyCancel) {
    // Release 1's cancel: no contentToDelete, schema version 1 in the metadata.
    const id = randomUUID();
    const canceledAt = now();
    events.push({
      id,
      type: 'UploadSessionCanceled',
      data: { reason: 'client', canceledAt },
      metadata: eventMetadata(context, id, canceledAt, 1),
    });
  }
  return { streamName: uploadSessionStream(sessionId), events };
};
