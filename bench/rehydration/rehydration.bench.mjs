// Benchmark 4, rehydration: loading and folding one upload session of 10, 100 and 1,000 events the way
// the service does before every command (SqliteEventStore.readStream + the domain's upcasting decode +
// evolve, i.e. loadStream with the session codec) vs the raw read of the same rows from the same file
// (node:sqlite SELECT + JSON.parse of data and metadata). No goal in the issue: the ratio is reported.
//
//   node bench/rehydration/rehydration.bench.mjs [--smoke]     (build first: npm run build)
/* global process, console, performance */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { describe, printMachine, printResult, repeat, row, smoke, stats } from '../kit.mjs';
import { sessionEvents } from './session-history.mjs';

const require = createRequire(import.meta.url);
const { uploadSessionDecider } = require('@upload-sessions/domain');
const { loadStream } = require('@upload-sessions/service-core/event-sourcing/run-decider');
const { uploadSessionCodec } = require('@upload-sessions/service-core/sessions/shared/upload-session-codec');

const SIZES = [10, 100, 1000];
const SESSIONS_PER_SIZE = 5;
/** Events read per measured repetition and size: enough for tens of milliseconds at least. */
const EVENTS_PER_REPETITION = smoke ? 5_000 : 100_000;
const REPETITIONS = smoke ? 3 : 5;

printMachine('Rehydration: load + fold a session vs the raw read of its rows');
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'rehydration-bench-'));
const path = join(dir, 'events.db');
const opened = await SqliteEventStore.open({ path, externalChangePollMs: 0 });
if (opened._tag === 'Left') throw new Error(opened.left.message);
const store = opened.right;

const streams = new Map(); // size -> stream names
for (const size of SIZES) {
  const names = [];
  for (let i = 0; i < SESSIONS_PER_SIZE; i++) {
    const { streamName, events } = sessionEvents({ length: size, files: 3, outcome: 'canceled' });
    const appended = await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    if (appended._tag === 'Left') throw new Error(JSON.stringify(appended.left));
    names.push(streamName);
  }
  streams.set(size, names);
}

const raw = new DatabaseSync(path, { readOnly: true });
const select = raw.prepare(
  'SELECT position, stream_name, revision, event_id, type, data, metadata, recorded_at FROM events WHERE stream_name = ? ORDER BY revision',
);

/** The service's load path; checks the fold's outcome so nothing is optimised away. */
const appLoad = async (streamName, size) => {
  const loaded = await loadStream(store, streamName, uploadSessionDecider, uploadSessionCodec);
  if (
    loaded._tag === 'Left' ||
    loaded.right.state.status !== 'CANCELED' ||
    loaded.right.revision !== size - 1
  )
    throw new Error(`bad load of ${streamName}: ${JSON.stringify(loaded.left ?? loaded.right.state.status)}`);
};
const rawLoad = (streamName, size) => {
  const rows = select.all(streamName);
  let parsed = 0;
  for (const r of rows) {
    const data = JSON.parse(r.data);
    const metadata = JSON.parse(r.metadata);
    if (data !== null && metadata !== null) parsed += 1;
  }
  if (parsed !== size) throw new Error(`raw read of ${streamName}: ${parsed} rows`);
};

const rows = [];
console.log(
  `${REPETITIONS} repetitions after 1 warm-up, ${EVENTS_PER_REPETITION} events read per repetition and size\n`,
);
for (const size of SIZES) {
  const names = streams.get(size);
  const loads = Math.max(10, Math.round(EVENTS_PER_REPETITION / size));
  const app = [];
  const bare = [];
  // Interleaved: app, raw, app, raw... so drift hits both alike.
  await repeat(
    async (rep) => {
      let t = performance.now();
      for (let i = 0; i < loads; i++) await appLoad(names[i % names.length], size);
      const appRate = (loads / (performance.now() - t)) * 1000;
      t = performance.now();
      for (let i = 0; i < loads; i++) rawLoad(names[i % names.length], size);
      const rawRate = (loads / (performance.now() - t)) * 1000;
      if (rep >= 0) {
        app.push(appRate);
        bare.push(rawRate);
      }
    },
    { warmUps: 1, repetitions: REPETITIONS },
  );
  const a = stats(app);
  const r = stats(bare);
  console.log(`${String(size).padStart(5)} events  app load+fold: ${describe(a, 'loads/s')}`);
  console.log(`${String(size).padStart(5)} events  raw read:      ${describe(r, 'loads/s')}`);
  console.log(`${String(size).padStart(5)} events  ratio app / raw: x${(a.median / r.median).toFixed(3)}\n`);
  rows.push(row(`load+fold ${size}-event session (vs raw read)`, a.median, 'loads/s', r.median));
  rows.push(row(`  = events/s folded, ${size}-event session`, a.median * size, 'events/s', r.median * size));
}

raw.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
printResult('rehydration', rows);
