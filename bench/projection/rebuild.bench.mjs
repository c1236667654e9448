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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, fmt, printMachine, printResult, repeat, row, smoke, stats } from '../kit.mjs';
import { cacheDir, eventStoreWith, openStore, rawRead, rebuild, storeRead } from './event-log.mjs';

/** BENCH_REBUILD_SIZES=100000 (comma-separated) runs other sizes, e.g. one size while profiling. */
const SIZES = process.env.BENCH_REBUILD_SIZES
  ? process.env.BENCH_REBUILD_SIZES.split(',').map(Number)
  : smoke
    ? [2_000]
    : [100_000, 1_000_000];
const REPETITIONS = 3;

printMachine('Projection: rebuild of the read models vs a raw read of the global log');
console.log(`cache of generated event stores: ${cacheDir}`);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'projection-bench-'));
const rows = [];
for (const size of SIZES) {
  const path = await eventStoreWith(size);
  const store = await openStore(path);
  const rebuilt = [];
  const raw = [];
  const rawArrays = [];
  const viaStore = [];
  const decoded = [];
  const trusted = [];
  const rate = (count, t0) => (count / (performance.now() - t0)) * 1000;
  await repeat(
    async (rep) => {
      // Each raw read twice, the faster one kept: the first pass may pay for the previous rebuild's garbage.
      let rawRate = 0;
      let arraysRate = 0;
      let rawCount = 0;
      for (let i = 0; i < 2; i++) {
        let t0 = performance.now();
        rawCount = rawRead(path);
        rawRate = Math.max(rawRate, rate(rawCount, t0));
        t0 = performance.now();
        arraysRate = Math.max(arraysRate, rate(rawRead(path, { arrays: true }), t0));
      }
      let t = performance.now();
      const decodedCount = rawRead(path, { decode: 'strict' });
      const decodeRate = rate(decodedCount, t);
      t = performance.now();
      const trustedCount = rawRead(path, { arrays: true, decode: 'trusted' });
      const trustedRate = rate(trustedCount, t);
      t = performance.now();
      const storeCount = await storeRead(store);
      const storeRate = rate(storeCount, t);
      t = performance.now();
      const applied = await rebuild(store, dir, rep);
      const rebuildRate = rate(applied, t);
      if (
        applied !== rawCount ||
        storeCount !== rawCount ||
        decodedCount !== rawCount ||
        trustedCount !== rawCount
      )
        throw new Error(
          `rebuild applied ${applied}, store read ${storeCount}, raw read ${rawCount}, decoded ${decodedCount} (trusted ${trustedCount})`,
        );
      if (rep >= 0) {
        raw.push(rawRate);
        rawArrays.push(arraysRate);
        decoded.push(decodeRate);
        trusted.push(trustedRate);
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
  const ra = stats(rawArrays);
  const s = stats(viaStore);
  const d = stats(decoded);
  const tr = stats(trusted);
  console.log(`${fmt(size)} events  rebuild:        ${describe(b, 'events/s')}`);
  console.log(`${fmt(size)} events  raw read:       ${describe(r, 'events/s')}`);
  console.log(`${fmt(size)} events  raw read, array rows: ${describe(ra, 'events/s')}`);
  console.log(`${fmt(size)} events  store readAll:  ${describe(s, 'events/s')}`);
  console.log(`${fmt(size)} events  raw read + strict domain decode: ${describe(d, 'events/s')}`);
  console.log(
    `${fmt(size)} events  raw read (array rows) + trusted decode (floor, no writes): ${describe(tr, 'events/s')}`,
  );
  console.log(
    `${fmt(size)} events  ratio rebuild / raw read: x${(b.median / r.median).toFixed(3)} (goal >= 0.5); ` +
      `/ raw read with array rows: x${(b.median / ra.median).toFixed(3)}\n`,
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
  rows.push(
    row(`rebuild from ${fmt(size)} events (vs raw read, array rows)`, b.median, 'events/s', ra.median),
  );
  rows.push(
    row(`raw read of ${fmt(size)} events, array rows (vs raw read)`, ra.median, 'events/s', r.median),
  );
  rows.push(row(`store readAll of ${fmt(size)} events (vs raw read)`, s.median, 'events/s', r.median));
  rows.push(
    row(
      `raw read + strict decode of ${fmt(size)} events, no writes (vs raw read)`,
      d.median,
      'events/s',
      r.median,
    ),
  );
  rows.push(
    row(
      `raw read (array rows) + trusted decode of ${fmt(size)} events, no writes (vs raw read)`,
      tr.median,
      'events/s',
      r.median,
    ),
  );
}
rmSync(dir, { recursive: true, force: true });
printResult('projection rebuild', rows);
