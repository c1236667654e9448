// Group commit vs one transaction (and one WAL sync) per append, for SqliteEventStore on a real file.
// Runs on demand, never in tests. It measures the built package, so build first; from the repo root:
//
//   npx tsc -p packages/event-store/tsconfig.lib.json && npx tsc -p packages/event-store-sqlite/tsconfig.lib.json && node bench/event-store/group-commit.bench.mjs
//
// Optional: BENCH_DIR=<folder on the disk to measure> (default: the OS temp folder). Takes about 30 s.
/* global process, console, performance */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';

const CONCURRENCY = [1, 16, 64];
const MODES = [
  { name: 'one-by-one', groupCommit: false },
  { name: 'grouped', groupCommit: true },
];
const REPETITIONS = 3;
const WARM_UP_MS = 300;
const MEASURE_MS = 1000;
const BUDGET_MS = 50_000;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'group-commit-bench-'));
const payload = { note: 'x'.repeat(200), n: 0 };

/** Appends as fast as `concurrency` appenders allow; returns appends/s in the window after warm-up. */
const measure = async (groupCommit, concurrency, label) => {
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
      const event = {
        id: randomUUID(),
        type: 'Benchmarked',
        data: { ...payload, n: revision },
        metadata: {},
      };
      const expectedRevision = revision === -1 ? 'no_stream' : revision;
      const result = await store.appendToStream(stream, [event], { expectedRevision });
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
  return { perSecond: (counted / elapsed) * 1000, perTransaction: counted / Math.max(1, transactions) };
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const db = new DatabaseSync(':memory:');
const { v: sqliteVersion } = db.prepare('SELECT sqlite_version() AS v').get();
db.close();
const fsType = statfsSync(dir).type.toString(16);
console.log(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, SQLite ${sqliteVersion}, ${process.platform}/${process.arch}`,
);
console.log(`Database folder: ${dir} (fs magic 0x${fsType}); synchronous=FULL, WAL`);
console.log(
  `${REPETITIONS} repetitions x ${MEASURE_MS} ms after ${WARM_UP_MS} ms warm-up, one 1-event append per call\n`,
);

const results = new Map(); // `${mode}/${concurrency}` -> [{perSecond, perTransaction}]
const begun = performance.now();
let repetitions = 0;
for (let rep = 0; rep < REPETITIONS; rep += 1) {
  if (performance.now() - begun > BUDGET_MS) break;
  // Interleaved, so that drift in the machine's state hits both modes alike.
  for (const concurrency of CONCURRENCY) {
    for (const mode of MODES) {
      const key = `${mode.name}/${concurrency}`;
      const result = await measure(mode.groupCommit, concurrency, `${key.replace('/', '-')}-${rep}`);
      results.set(key, [...(results.get(key) ?? []), result]);
    }
  }
  repetitions += 1;
}

console.log('concurrency  mode         median appends/s   min..max             appends/transaction');
for (const concurrency of CONCURRENCY) {
  for (const mode of MODES) {
    const runs = results.get(`${mode.name}/${concurrency}`) ?? [];
    const rates = runs.map((r) => r.perSecond);
    console.log(
      `${String(concurrency).padEnd(12)} ${mode.name.padEnd(12)} ${fmt(median(rates)).padStart(16)}   ` +
        `${`${fmt(Math.min(...rates))}..${fmt(Math.max(...rates))}`.padEnd(20)} ${median(runs.map((r) => r.perTransaction)).toFixed(1)}`,
    );
  }
}
console.log('\nratio grouped / one-by-one (medians):');
for (const concurrency of CONCURRENCY) {
  const grouped = median((results.get(`grouped/${concurrency}`) ?? []).map((r) => r.perSecond));
  const single = median((results.get(`one-by-one/${concurrency}`) ?? []).map((r) => r.perSecond));
  console.log(`  ${String(concurrency).padStart(2)} appenders: x${(grouped / single).toFixed(2)}`);
}
console.log(`\n${repetitions} repetitions in ${((performance.now() - begun) / 1000).toFixed(1)} s`);
rmSync(dir, { recursive: true, force: true });
