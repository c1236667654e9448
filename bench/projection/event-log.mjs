// The projection benchmark's event logs: realistic session streams generated once (appended through
// SqliteEventStore with group commit) and cached in $BENCH_CACHE (default: <tmp>/upload-sessions-bench-cache),
// plus the phases the benchmark times (raw read, store readAll, rebuild), shared with profile-rebuild.mjs.
/* global process, console, performance */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { fmt } from '../kit.mjs';
import { prng, sessionEvents } from '../rehydration/session-history.mjs';

const require = createRequire(import.meta.url);
// The built libraries (npm run build), through their package exports.
const { rebuildReadModels } = require('@upload-sessions/read-side/projections/rebuild/rebuild-read-models');
const { serviceReadModels } = require('@upload-sessions/upload-service');
const { ReadModelDatabase } = require('@upload-sessions/read-side/projections/read-model-database');
const {
  decodeUploadSessionEvent,
  decodeTrustedUploadSessionEvent,
} = require('@upload-sessions/read-side/projections/read-models/upload-sessions.read-model');

export const BATCH = 1000;
/** Bump when the generated history changes shape, so stale cached files are not reused. */
const GENERATION = 1;
export const cacheDir = process.env.BENCH_CACHE ?? join(tmpdir(), 'upload-sessions-bench-cache');

export const openStore = async (path) => {
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

export const eventStoreWith = async (events) => {
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
 * `arrays`: rows as arrays (node:sqlite's setReturnArrays, a third cheaper than objects; the store reads so).
 * `decode`: also the domain's decoding every rebuild needs, `strict` (io-ts validation and upcasting) or
 * `trusted` (upcasting only, what the rebuild does): the floor of a rebuild that writes nothing.
 */
export const rawRead = (path, { arrays = false, decode } = {}) => {
  const db = new DatabaseSync(path, { readOnly: true });
  const page = db.prepare(
    'SELECT position, stream_name, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  if (arrays) page.setReturnArrays(true);
  const decoder = decode === 'trusted' ? decodeTrustedUploadSessionEvent : decodeUploadSessionEvent;
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = page.all(after, BATCH);
    for (const r of rows) {
      const type = arrays ? r[4] : r.type;
      const data = JSON.parse(arrays ? r[5] : r.data);
      const metadata = JSON.parse(arrays ? r[6] : r.metadata);
      if (decode === undefined) {
        if (data !== null && metadata !== null) count += 1;
      } else if (decoder({ type, data, metadata })._tag === 'Right') count += 1;
    }
    if (rows.length < BATCH) break;
    after = arrays ? rows[rows.length - 1][0] : rows[rows.length - 1].position;
  }
  db.close();
  return count;
};

/** The store's own readAll, same pages and the rebuild's category filter. */
export const storeRead = async (store) => {
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

export const rebuild = async (store, dir, rep) => {
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
