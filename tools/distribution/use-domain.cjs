// Run inside a scratch project that installed the packed @upload-sessions/domain (and event-store):
// decide, evolve and the codecs as another service would use them. Prints one JSON line of results;
// exits 1 on the first surprise.
const assert = require('node:assert/strict');
const { isLeft, isRight } = require('fp-ts/Either');
const {
  UploadSessionCommand,
  UploadSessionEvent,
  decide,
  evolve,
  initialState,
  serializeEvent,
  deserializeEvent,
} = require('@upload-sessions/domain');
const { InMemoryEventStore } = require('@upload-sessions/event-store');

const now = '2026-12-05T12:00:00.000Z';
const later = '2026-12-05T13:00:00.000Z';

/** Decodes a command as it would arrive from outside, decides it and folds the events. */
const run = (state, raw) => {
  const command = UploadSessionCommand.decode(raw);
  assert.ok(isRight(command), `the codec refused ${raw.type}`);
  const decision = decide(command.right, state);
  if (isLeft(decision)) return { state, error: decision.left };
  // Every event survives its own serialization, as it would through an event store.
  for (const event of decision.right) {
    const stored = serializeEvent(event);
    const back = deserializeEvent({
      type: stored.type,
      data: stored.data,
      schemaVersion: stored.schemaVersion,
    });
    assert.ok(isRight(back), `event ${stored.type} did not deserialize`);
    assert.ok(isRight(UploadSessionEvent.decode(back.right)));
  }
  return { state: decision.right.reduce(evolve, state), events: decision.right.map((e) => e.type) };
};

const start = (sessionId, files) => ({
  type: 'StartUploadSession',
  sessionId,
  organizationId: 'org-1',
  target: { kind: 'file', fileId: `file-${sessionId}` },
  files,
  expiresAt: later,
  clientToken: null,
  now,
});

// Start, then cancel.
let a = run(initialState, start('s-1', [{ name: 'a.bin', size: 3, checksum: null }]));
assert.deepEqual(a.events, ['UploadSessionStarted']);
a = run(a.state, { type: 'CancelUploadSession', reason: 'client', now });
assert.deepEqual(a.events, ['UploadSessionCanceled']);
assert.equal(a.state.status, 'CANCELED');

// Start, receive, complete; a cancel after complete is refused.
let b = run(initialState, start('s-2', [{ name: 'a.bin', size: 3, checksum: null }]));
b = run(b.state, {
  type: 'RecordContent',
  name: 'a.bin',
  size: 3,
  checksum: { algorithm: 'SHA256', value: 'ab' },
  etag: '"e1"',
  now,
});
b = run(b.state, { type: 'CompleteUploadSession', parts: null, now });
assert.equal(b.state.status, 'DONE');
const refused = run(b.state, { type: 'CancelUploadSession', reason: 'client', now });
assert.equal(refused.error?._tag, 'NotAllowedInCurrentState');

// The codecs refuse malformed input.
assert.ok(isLeft(UploadSessionCommand.decode({ type: 'CancelUploadSession', now: 'yesterday' })));

assert.equal(typeof InMemoryEventStore, 'function');
process.stdout.write(
  `${JSON.stringify({ canceled: a.state.status, completed: b.state.status, cancelAfterComplete: refused.error._tag })}\n`,
);
