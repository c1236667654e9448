// Child process of the kill -9 test: runs the real adapter and appends until it is killed, writing one
// line to stdout per acknowledged append. stdout is a pipe, and pipe writes are synchronous on Linux,
// so a line the parent receives was printed after the append was acknowledged.
// Usage: node --conditions=@upload-sessions/source append-until-killed.cjs <db path> <group|single> <run id>
require('./register-ts.cjs');
const { randomUUID } = require('node:crypto');
const { SqliteEventStore } = require('../sqlite-event-store');

const [path, mode, runId] = process.argv.slice(2);
const APPENDERS = 8;

const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exit(3);
};

/** Appends 1 to 3 events at a time to its own stream, at the exact revision, continuing an earlier run. */
const appendForever = async (store, stream) => {
  const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  let revision = last._tag === 'Right' ? last.right[0].revision : -1;
  for (;;) {
    const events = Array.from({ length: 1 + ((revision + 1) % 3) }, () => ({
      id: randomUUID(),
      type: 'Tick',
      data: { runId, pad: 'x'.repeat(200) },
      metadata: { mode },
    }));
    const expectedRevision = revision === -1 ? 'no_stream' : revision;
    const result = await store.appendToStream(stream, events, { expectedRevision });
    if (result._tag === 'Left') fail(`append failed: ${JSON.stringify(result.left)}`);
    revision = result.right.nextExpectedRevision;
    const ack = { stream, ids: events.map((e) => e.id), revision, position: result.right.position };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
};

const main = async () => {
  const opened = await SqliteEventStore.open({ path, groupCommit: mode === 'group' });
  if (opened._tag === 'Left') fail(`open failed: ${opened.left.message}`);
  const streams = Array.from({ length: APPENDERS }, (_, i) => `kill9-${i}`);
  await Promise.all(streams.map((stream) => appendForever(opened.right, stream)));
};

main().catch((error) => fail(String(error && error.stack)));
