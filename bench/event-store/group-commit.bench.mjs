// Benchmark 3, durable appends: SqliteEventStore with one transaction (and one WAL sync) per append vs
// group commit, at 1, 16 and 64 concurrent appenders, on a real file (synchronous=FULL, WAL).
// Goal: grouped at 64 >= 10x one-by-one. Also measured in the same run, to show what bounds the ratio:
//   - fsync: the latency of one bare durable commit (fixes the one-by-one rate),
//   - ceiling: bare node:sqlite writing the same rows, 64 per transaction, no store around it (the upper
//     bound of grouped at 64).
// Event ids are UUID v7, as the service makes them (time-ordered: a batch's ids go in at the right edge
// of the event_id index); grouped at 64 and the ceiling are also measured with random (v4) ids.
//
//   node bench/event-store/group-commit.bench.mjs [--smoke]     (build first: npm run build)
// Optional: BENCH_DIR=<folder on the disk to measure> (default: the OS temp folder).
/* global process, console, performance */
import { randomUUID, randomUUIDv7 } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { describe, fsMagic, printMachine, printResult, row, smoke, stats } from '../kit.mjs';

const CONCURRENCY = [1, 16, 64];
const MODES = [
  { name: 'one-by-one', groupCommit: false },
  { name: 'grouped', groupCommit: true },
];
const REPETITIONS = 3;
const WARM_UP_MS = smoke ? 50 : 300;
const MEASURE_MS = smoke ? 150 : 1000;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'group-commit-bench-'));
const payload = { note: 'x'.repeat(200), n: 0 };
const newEvent = (n, newId = randomUUIDv7) => ({
  id: newId(),
  type: 'Benchmarked',
  data: { ...payload, n },
  metadata: {},
});

/** Appends as fast as `concurrency` appenders allow; returns appends/s in the window after warm-up. */
const measure = async (groupCommit, concurrency, label, newId = randomUUIDv7) => {
  const path = join(dir, `${label}.db`);
  const opened = await SqliteEventStore.open({ path, groupCommit, externalChangePollMs: 0 });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  const store = opened.right;
  let stop = false;
  let counting = false;
  let counted = 0;
  const appender = async (stream) => {
    let revision = -1;
    while (!stop) {
      const expectedRevision = revision === -1 ? 'no_stream' : revision;
      const result = await store.appendToStream(stream, [newEvent(revision, newId)], { expectedRevision });
      if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
      revision = result.right.nextExpectedRevision;
      if (counting) counted += 1;
    }
  };
  const loops = Array.from({ length: concurrency }, (_, i) => appender(`bench-${i}`));
  await delay(WARM_UP_MS);
  const transactionsBefore = store.transactionCount;
  counting = true;
  const started = performance.now();
  await delay(MEASURE_MS);
  counting = false;
  const elapsed = performance.now() - started;
  const transactions = store.transactionCount - transactionsBefore;
  stop = true;
  await Promise.all(loops);
  await store.close();
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  return { perSecond: (counted / elapsed) * 1000, perTransaction: counted / Math.max(1, transactions) };
};

/** Bare node:sqlite, same schema and pragmas, `perTransaction` rows per commit: rows/s. */
const ceiling = (perTransaction, label, newId = randomUUIDv7) => {
  const path = join(dir, `${label}.db`);
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_name TEXT NOT NULL, revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL, UNIQUE (stream_name, revision)) STRICT;
    CREATE INDEX events_by_type ON events (type, position);`);
  const insert = db.prepare(
    'INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Array(perTransaction).fill(0);
  let rows = 0;
  const until = performance.now() + WARM_UP_MS + MEASURE_MS;
  let started = 0;
  let counted = 0;
  while (performance.now() < until) {
    if (started === 0 && performance.now() > until - MEASURE_MS) {
      started = performance.now();
      counted = rows;
    }
    const recordedAt = new Date().toISOString();
    db.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < perTransaction; i++) {
      const e = newEvent(revisions[i], newId);
      insert.run(`bench-${i}`, revisions[i]++, e.id, e.type, JSON.stringify(e.data), '{}', recordedAt);
    }
    db.exec('COMMIT');
    rows += perTransaction;
  }
  const perSecond = ((rows - counted) / (performance.now() - started)) * 1000;
  db.close();
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  return perSecond;
};

printMachine('Durable appends: group commit vs one transaction per append');
console.log(`Database folder: ${dir} (fs magic ${fsMagic(dir)}); synchronous=FULL, WAL`);
console.log(
  `${REPETITIONS} repetitions x ${MEASURE_MS} ms after ${WARM_UP_MS} ms warm-up, one 1-event append per call\n`,
);

const results = new Map(); // `${mode}/${concurrency}` -> [{perSecond, perTransaction}]
const ceilings = { 1: [], 64: [], randomIds: [] };
const groupedRandomIds = [];
for (let rep = 0; rep < REPETITIONS; rep += 1) {
  // Interleaved, so that drift in the machine's state hits every mode alike.
  for (const concurrency of CONCURRENCY) {
    for (const mode of MODES) {
      const key = `${mode.name}/${concurrency}`;
      const result = await measure(mode.groupCommit, concurrency, `${key.replace('/', '-')}-${rep}`);
      results.set(key, [...(results.get(key) ?? []), result]);
    }
  }
  // Random ids scatter over the event_id UNIQUE index (idempotent retries need it): one dirty leaf each.
  groupedRandomIds.push(await measure(true, 64, `grouped-64-random-ids-${rep}`, randomUUID));
  for (const n of [1, 64]) ceilings[n].push(ceiling(n, `ceiling-${n}-${rep}`));
  ceilings.randomIds.push(ceiling(64, `ceiling-random-ids-${rep}`, randomUUID));
}

const rate = (key) => stats((results.get(key) ?? []).map((r) => r.perSecond));
console.log(
  'concurrency  mode         appends/s                                              appends/transaction',
);
for (const concurrency of CONCURRENCY) {
  for (const mode of MODES) {
    const key = `${mode.name}/${concurrency}`;
    const perTx = stats(results.get(key).map((r) => r.perTransaction)).median;
    console.log(
      `${String(concurrency).padEnd(12)} ${mode.name.padEnd(12)} ${describe(rate(key), '/s').padEnd(54)} ${perTx.toFixed(1)}`,
    );
  }
}
const fsync = stats(ceilings[1]);
const bare64 = stats(ceilings[64]);
console.log(`bare node:sqlite, 1 row per commit (fsync-bound): ${describe(fsync, 'rows/s')}`);
console.log(`bare node:sqlite, 64 rows per commit (ceiling):    ${describe(bare64, 'rows/s')}`);
const randomIds = stats(ceilings.randomIds);
console.log(`  the same with random (v4) event ids:             ${describe(randomIds, 'rows/s')}`);
const groupedRandom = stats(groupedRandomIds.map((r) => r.perSecond));
console.log(`grouped at 64 with random (v4) event ids:          ${describe(groupedRandom, '/s')}`);

const rows = [];
for (const concurrency of CONCURRENCY) {
  const single = rate(`one-by-one/${concurrency}`).median;
  const grouped = rate(`grouped/${concurrency}`).median;
  console.log(
    `ratio grouped / one-by-one at ${String(concurrency).padStart(2)}: x${(grouped / single).toFixed(2)}`,
  );
  rows.push(row(`one-by-one appends/s at ${concurrency}`, single, 'appends/s'));
  rows.push(
    concurrency === 64
      ? row(
          `grouped appends/s at 64 (vs one-by-one at 64)`,
          grouped,
          'appends/s',
          single,
          '>= 10x',
          grouped / single >= 10,
        )
      : row(`grouped appends/s at ${concurrency} (vs one-by-one)`, grouped, 'appends/s', single),
  );
}
const single64 = rate('one-by-one/64').median;
console.log(
  `ceiling / one-by-one at 64: x${(bare64.median / single64).toFixed(2)} (the best grouped could reach with zero store overhead)`,
);
rows.push(row('bare 1-row commits/s (fsync bound)', fsync.median, 'rows/s'));
rows.push(
  row(
    'bare 64-row commits, rows/s (ceiling of grouped, vs one-by-one at 64)',
    bare64.median,
    'rows/s',
    single64,
  ),
);
rows.push(row('grouped at 64 vs bare ceiling', rate('grouped/64').median, 'appends/s', bare64.median));
rows.push(
  row(
    'grouped appends/s at 64 with random (v4) event ids (vs one-by-one at 64)',
    groupedRandom.median,
    'appends/s',
    single64,
  ),
);
rows.push(
  row(
    'bare 64-row commits with random (v4) event ids (vs ceiling)',
    randomIds.median,
    'rows/s',
    bare64.median,
  ),
);
rmSync(dir, { recursive: true, force: true });
printResult('durable appends', rows);
