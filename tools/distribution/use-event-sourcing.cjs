// Run inside the scratch project: the packed event-sourcing core drives the packed domain's decider
// over the packed in-memory store, as another service would wire them. Prints one JSON line.
const assert = require('node:assert/strict');
const { isLeft, isRight, mapLeft } = require('fp-ts/Either');
const { uploadSessionDecider, serializeEvent, deserializeEvent } = require('@upload-sessions/domain');
const { InMemoryEventStore } = require('@upload-sessions/event-store');
const { runCommand } = require('@upload-sessions/event-sourcing');

const now = '2026-12-05T12:00:00.000Z';
const codec = {
  encode: serializeEvent,
  decode: (recorded) =>
    mapLeft((error) => String(error._tag ?? error))(
      deserializeEvent({
        type: recorded.type,
        data: recorded.data,
        schemaVersion: Number(recorded.metadata?.schemaVersion ?? 1),
      }),
    ),
};

const main = async () => {
  const store = new InMemoryEventStore();
  const send = (command) =>
    runCommand({
      store,
      streamName: 'upload-session-s-1',
      decider: uploadSessionDecider,
      codec,
      command: () => ({ _tag: 'Right', right: command }),
      metadata: (eventId, occurredAt, schemaVersion) => ({ eventId, occurredAt, schemaVersion }),
      retries: 2,
    });
  const started = await send({
    type: 'StartUploadSession',
    sessionId: 's-1',
    organizationId: 'org-1',
    target: { kind: 'file', fileId: 'file-s-1' },
    files: [{ name: 'a.bin', size: 3, checksum: null }],
    expiresAt: '2026-12-05T13:00:00.000Z',
    clientToken: null,
    now,
  });
  assert.ok(isRight(started), 'start was refused');
  const canceled = await send({ type: 'CancelUploadSession', reason: 'client', transfersInFlight: [], now });
  assert.ok(isRight(canceled), 'cancel was refused');
  const again = await send({ type: 'CancelUploadSession', reason: 'client', transfersInFlight: [], now });
  assert.ok(isLeft(again), 'a second cancel was accepted');
  const read = await store.readStream('upload-session-s-1');
  assert.ok(isRight(read));
  process.stdout.write(
    `${JSON.stringify({ stored: read.right.map((e) => e.type), state: canceled.right.after.status, second: again.left._tag })}\n`,
  );
};

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
