// Benchmark 5, projection: rebuilding the service's read models (the `upload-sessions rebuild` path:
// rebuildReadModels with serviceReadModels, batches of 1000) from 100,000 and 1,000,000 events, vs a
// raw read of the global log from the same file (node:sqlite SELECT in pages of 1000 + JSON.parse).
// The store's readAll over the same pages is shown as well. Goal: rebuild >= 0.5x the raw read rate.
//
//   node bench/projection/rebuild.bench.mjs [--smoke]     (build first: npm run build)
//
// The event stores are generated once (realistic session streams, appended through SqliteEventStore
// with group commit) and cached in $BENCH_CACHE (default: <tmp>/upload-sessions-bench-cache).
/* global process, console, performance */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { describe, fmt, printMachine, printResult, repeat, row, smoke, stats } from '../kit.mjs';
import { prng, sessionEvents } from '../rehydration/session-history.mjs';

const require = createRequire(import.meta.url);
// The built libraries (npm run build), through their package exports.
const { rebuildReadModels } = require('@upload-sessions/read-side/projections/rebuild/rebuild-read-models');
const { serviceReadModels } = require('@upload-sessions/upload-service');
const { ReadModelDatabase } = require('@upload-sessions/read-side/projections/read-model-database');
const {
  decodeUploadSessionEvent,
} = require('@upload-sessions/read-side/projections/read-models/upload-sessions.read-model');

const SIZES = smoke ? [2_000] : [100_000, 1_000_000];
const REPETITIONS = 3;
const BATCH = 1000;
/** Bump when the generated history changes shape, so stale cached files are not reused. */
const GENERATION = 1;
const cacheDir = process.env.BENCH_CACHE ?? join(tmpdir(), 'upload-sessions-bench-cache');

const openStore = async (path) => {
  const opened = await SqliteEventStore.open({ path, externalChangePollMs: 0 });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  return opened.right;
};

/** Sessions of 6 to 14 events: completed 45%, canceled 35% (half in the old schema), still active 20%. */
const generate = async (events, path) => {
  const store = await openStore(path);
  const random = prng(events);
  let written = 0;
  let clock = Date.parse('2026-03-01T08:00:00.000Z');
  const started = performance.now();
  while (written < events) {
    const appends = [];
    // 500 sessions in flight: group commit writes them in a few large transactions.
    for (let i = 0; i < 500 && written < events; i++) {
      const r = random();
      const outcome = r < 0.45 ? 'completed' : r < 0.8 ? 'canceled' : 'active';
      const length = Math.min(events - written, 6 + Math.floor(random() * 9));
      if (length < 3) break;
      const session = sessionEvents({
        organizationId: `org-${Math.floor(random() * 20)}`,
        length,
        files: 1 + Math.floor(random() * 3),
        outcome: length < 4 && outcome === 'completed' ? 'active' : outcome,
        clock: (clock += 10_000),
        legacyCancel: random() < 0.5,
      });
      written += session.events.length;
      appends.push(
        store.appendToStream(session.streamName, session.events, { expectedRevision: 'no_stream' }),
      );
    }
    if (appends.length === 0) break;
    for (const result of await Promise.all(appends))
      if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
  }
  await store.close();
  console.log(`generated ${fmt(written)} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

const eventStoreWith = async (events) => {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `projection-${events}-g${GENERATION}.db`);
  if (!existsSync(path)) {
    const partial = `${path}.partial-${process.pid}`;
    await generate(events, partial);
    // A checkpointed, WAL-free file, renamed into place only once complete.
    const db = new DatabaseSync(partial);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    renameSync(partial, path);
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
  } else console.log(`using the cached ${path}`);
  return path;
};

/**
 * Raw read of the whole log: SELECT pages of BATCH by position, JSON.parse of data and metadata.
 * `decode`: also the domain's decoding (io-ts validation and upcasting) every rebuild needs, which shows
 * the floor of a rebuild that writes nothing.
 */
const rawRead = (path, decode = false) => {
  const db = new DatabaseSync(path, { readOnly: true });
  const page = db.prepare(
    'SELECT position, stream_name, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = page.all(after, BATCH);
    for (const r of rows) {
      const data = JSON.parse(r.data);
      const metadata = JSON.parse(r.metadata);
      if (!decode) {
        if (data !== null && metadata !== null) count += 1;
      } else if (decodeUploadSessionEvent({ type: r.type, data, metadata })._tag === 'Right') count += 1;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].position;
  }
  db.close();
  return count;
};

/** The store's own readAll, same pages and the rebuild's category filter. */
const storeRead = async (store) => {
  const filter = { streamPrefixes: [...new Set(serviceReadModels.flatMap((m) => m.streamPrefixes))] };
  let after;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: BATCH, filter });
    if (page._tag === 'Left') throw new Error(page.left.message);
    count += page.right.events.length;
    if (page.right.isEnd) break;
    after = page.right.events[page.right.events.length - 1].position;
  }
  return count;
};

const rebuild = async (store, dir, rep) => {
  const path = join(dir, `read-models-${rep}.db`);
  const opened = ReadModelDatabase.open({ path });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  const result = await rebuildReadModels({
    store,
    database: opened.right,
    readModels: serviceReadModels,
    batchSize: BATCH,
  });
  opened.right.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  if (result._tag === 'Left') throw new Error(result.left);
  return result.right.events;
};

printMachine('Projection: rebuild of the read models vs a raw read of the global log');
console.log(`cache of generated event stores: ${cacheDir}`);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'projection-bench-'));
const rows = [];
for (const size of SIZES) {
  const path = await eventStoreWith(size);
  const store = await openStore(path);
  const rebuilt = [];
  const raw = [];
  const viaStore = [];
  const decoded = [];
  await repeat(
    async (rep) => {
      // The raw read twice, the faster one kept: the first pass may pay for the previous rebuild's garbage.
      let rawRate = 0;
      let rawCount = 0;
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        rawCount = rawRead(path);
        rawRate = Math.max(rawRate, (rawCount / (performance.now() - t0)) * 1000);
      }
      let t = performance.now();
      const decodedCount = rawRead(path, true);
      const decodeRate = (decodedCount / (performance.now() - t)) * 1000;
      t = performance.now();
      const storeCount = await storeRead(store);
      const storeRate = (storeCount / (performance.now() - t)) * 1000;
      t = performance.now();
      const applied = await rebuild(store, dir, rep);
      const rebuildRate = (applied / (performance.now() - t)) * 1000;
      if (applied !== rawCount || storeCount !== rawCount || decodedCount !== rawCount)
        throw new Error(
          `rebuild applied ${applied}, store read ${storeCount}, raw read ${rawCount}, decoded ${decodedCount}`,
        );
      if (rep >= 0) {
        raw.push(rawRate);
        decoded.push(decodeRate);
        viaStore.push(storeRate);
        rebuilt.push(rebuildRate);
      }
    },
    // The warm-up of the 1M file is a full pass already: it only loads the page cache.
    { warmUps: 1, repetitions: REPETITIONS },
  );
  await store.close();
  const b = stats(rebuilt);
  const r = stats(raw);
  const s = stats(viaStore);
  console.log(`${fmt(size)} events  rebuild:        ${describe(b, 'events/s')}`);
  console.log(`${fmt(size)} events  raw read:       ${describe(r, 'events/s')}`);
  console.log(`${fmt(size)} events  store readAll:  ${describe(s, 'events/s')}`);
  const d = stats(decoded);
  console.log(`${fmt(size)} events  raw read + domain decode (floor, no writes): ${describe(d, 'events/s')}`);
  console.log(
    `${fmt(size)} events  ratio rebuild / raw read: x${(b.median / r.median).toFixed(3)} (goal >= 0.5)\n`,
  );
  rows.push(
    row(
      `rebuild from ${fmt(size)} events (vs raw read)`,
      b.median,
      'events/s',
      r.median,
      '>= 0.5x',
      b.median / r.median >= 0.5,
    ),
  );
  rows.push(row(`store readAll of ${fmt(size)} events (vs raw read)`, s.median, 'events/s', r.median));
  rows.push(
    row(`raw read + decode of ${fmt(size)} events, no writes (vs raw read)`, d.median, 'events/s', r.median),
  );
}
rmSync(dir, { recursive: true, force: true });
printResult('projection rebuild', rows);
