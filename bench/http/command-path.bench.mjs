// Benchmarks 1 and 7 of issue 8: the command path over HTTP, and the service's peak RSS meanwhile.
//
// Scenario "create+cancel": create an update session, then cancel it (2 requests per session).
// Scenario "create+complete": create, add a 16-byte PUSH file, PUT its bytes, complete (4 requests).
// Both on the vSphere dialect with the default user (one login, one library, a pool of items made up
// front), driven by autocannon request sequences at 1, 16 and 64 connections. Each connection chains
// its own requests (the session id of its create goes into the next ones) and uses its own items.
//
// Ours: the built service (node apps/upload-service/dist/main.js, embedded SQLite store, default settings
// but the per-principal rate limit, off since one principal sends everything) in a child.
// Baseline, same run: bench/http/baseline-server.mjs in a child, a bare Fastify whose routes do the same
// appends on a SqliteEventStore with the same settings. Ratios are ours / baseline. Goal: throughput
// ≥ 0.6× and p99 ≤ 2× the baseline. After each scenario every acknowledged session is checked in the
// store. Peak RSS: VmHWM of each child from /proc.
//
// Build first (from the repo root): npm run build   (or: npx nx run upload-service:build)
//   node bench/http/command-path.bench.mjs [--smoke]
// Env: BENCH_CONNECTIONS=1,16,64 and BENCH_SCENARIOS=create+cancel,create+complete select points,
//      BENCH_SECONDS (measured seconds per repetition, default 5), BENCH_REPETITIONS (default 3),
//      BENCH_SERVICE_MAIN=<another build's main.js> (A/B of a change), BENCH_CPU_PROF=<dir> writes a --cpu-prof profile of the service child there.
/* global process, console */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceMain, startChild } from './support/children.mjs';
import { load } from './support/load.mjs';
import { describe, fmt, isSmoke, machineLine, median, printResult, row } from './support/report.mjs';
import {
  createThenCancel,
  createThenComplete,
  itemPool,
  newLedger,
  REQUESTS_PER_SESSION,
} from './support/scenarios.mjs';
import { verifySessions } from './support/verify-sessions.mjs';
import { createItems, login, releaseOpenSessions } from './support/vsphere-setup.mjs';
import { randomUUID } from 'node:crypto';

const smoke = isSmoke();
/** One principal sends every request: the per-principal rate limit (1000/s by default) is off here. */
const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0' };
const CONNECTIONS = smoke ? [16] : (process.env.BENCH_CONNECTIONS?.split(',').map(Number) ?? [1, 16, 64]);
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_SECONDS = smoke ? 0 : 2;
const REPETITIONS = smoke ? 1 : Number(process.env.BENCH_REPETITIONS ?? 3);
const ITEMS = smoke ? 64 : 512;
const SCENARIOS = [
  { name: 'create+cancel', build: createThenCancel },
  { name: 'create+complete', build: createThenComplete },
].filter(
  (s) => process.env.BENCH_SCENARIOS === undefined || process.env.BENCH_SCENARIOS.split(',').includes(s.name),
);

const startOurs = async (label, dataDir) => {
  const nodeArgs = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = await startChild({
    script: serviceMain,
    env: { DATA_DIR: dataDir, ...UNLIMITED },
    nodeArgs,
    label,
  });
  const token = await login(child.baseUrl);
  const items = await createItems(child.baseUrl, token, ITEMS);
  return { ...child, token, items };
};

const startBaseline = async (label, dataDir) => {
  const child = await startChild({
    script: join(import.meta.dirname, 'baseline-server.mjs'),
    env: { DATA_DIR: dataDir },
    label,
  });
  return { ...child, token: 'unused', items: Array.from({ length: ITEMS }, () => randomUUID()) };
};

const main = async () => {
  console.log(
    `# Command path over HTTP: our service vs a bare Fastify + SqliteEventStore${smoke ? ' (smoke: tiny sizes, figures mean nothing)' : ''}`,
  );
  console.log(machineLine());
  console.log(
    `${REPETITIONS} × ${SECONDS} s per point after a ${WARM_UP_SECONDS} s warm-up; connections ${CONNECTIONS.join(', ')}`,
  );
  const rows = [];
  const peaks = { ours: 0, baseline: 0 };
  let allDurable = true;
  for (const scenario of SCENARIOS) {
    const dirs = {
      ours: mkdtempSync(join(tmpdir(), 'bench-ours-')),
      baseline: mkdtempSync(join(tmpdir(), 'bench-base-')),
    };
    const servers = {
      ours: await startOurs('service', dirs.ours),
      baseline: await startBaseline('baseline', dirs.baseline),
    };
    const ledger = newLedger();
    try {
      for (const connections of CONNECTIONS) {
        const figures = { ours: [], baseline: [] };
        const plan = (target) =>
          scenario.build({
            token: servers[target].token,
            pool: itemPool(servers[target].items),
            ledger: target === 'ours' ? ledger : newLedger(),
          });
        // The baseline claims nothing, so only our service needs its left-open sessions canceled.
        const afterRun = async (target) => {
          if (target === 'ours') await releaseOpenSessions(servers.ours.baseUrl, servers.ours.token, ledger);
        };
        if (WARM_UP_SECONDS > 0) {
          for (const target of ['ours', 'baseline']) {
            await load(servers[target].baseUrl, plan(target), connections, WARM_UP_SECONDS);
            await afterRun(target);
          }
        }
        // Alternate ours and the baseline so drift on a shared machine hits both alike.
        for (let rep = 0; rep < REPETITIONS; rep++) {
          for (const target of ['ours', 'baseline']) {
            const cpuBefore = servers[target].cpuMs();
            const figure = await load(servers[target].baseUrl, plan(target), connections, SECONDS);
            figure.cpuPerRequest = (servers[target].cpuMs() - cpuBefore) / Math.max(1, figure.total);
            if (figure.non2xx > 0 || figure.errors > 0) {
              throw new Error(
                `${target} ${scenario.name} c=${connections}: ${figure.non2xx} non-2xx, ${figure.errors} errors; ${ledger.unexpected.slice(0, 3).join(' | ')}`,
              );
            }
            figures[target].push(figure);
            await afterRun(target);
          }
        }
        const pick = (target, key) => figures[target].map((f) => f[key]);
        const ours = {
          rps: median(pick('ours', 'requestsPerSecond')),
          p50: median(pick('ours', 'p50')),
          p99: median(pick('ours', 'p99')),
        };
        const base = {
          rps: median(pick('baseline', 'requestsPerSecond')),
          p50: median(pick('baseline', 'p50')),
          p99: median(pick('baseline', 'p99')),
        };
        const perSession = REQUESTS_PER_SESSION[scenario.name];
        console.log(`\n${scenario.name}, ${connections} connection(s):`);
        console.log(
          `  ours      ${describe(pick('ours', 'requestsPerSecond'), 'req/s')} = ${fmt(ours.rps / perSession)} sessions/s; p50 ${describe(pick('ours', 'p50'), 'ms', 1)}; p99 ${describe(pick('ours', 'p99'), 'ms', 1)}`,
        );
        console.log(
          `  baseline  ${describe(pick('baseline', 'requestsPerSecond'), 'req/s')} = ${fmt(base.rps / perSession)} sessions/s; p50 ${describe(pick('baseline', 'p50'), 'ms', 1)}; p99 ${describe(pick('baseline', 'p99'), 'ms', 1)}`,
        );
        console.log(
          `  server CPU per request: ours ${describe(pick('ours', 'cpuPerRequest'), 'ms', 2)}; baseline ${describe(pick('baseline', 'cpuPerRequest'), 'ms', 2)}`,
        );
        console.log(
          `  ratio     throughput ${(ours.rps / base.rps).toFixed(2)}× (goal ≥ 0.6×), p99 ${(ours.p99 / base.p99).toFixed(2)}× (goal ≤ 2×)`,
        );
        const label = `${scenario.name} c=${connections}`;
        rows.push(
          row(`${label} throughput`, ours.rps, 'req/s', {
            baseline: base.rps,
            goal: '≥ 0.6× bare Fastify + store',
            met: ours.rps >= 0.6 * base.rps,
          }),
        );
        rows.push(row(`${label} p50`, ours.p50, 'ms', { baseline: base.p50 }));
        rows.push(
          row(`${label} p99`, ours.p99, 'ms', {
            baseline: base.p99,
            goal: '≤ 2× bare Fastify + store',
            met: ours.p99 <= 2 * base.p99,
          }),
        );
      }
      peaks.ours = Math.max(peaks.ours, servers.ours.peakRssKiB() ?? 0);
      peaks.baseline = Math.max(peaks.baseline, servers.baseline.peakRssKiB() ?? 0);
    } finally {
      await servers.ours.stop();
      await servers.baseline.stop();
    }
    const verified = await verifySessions(join(dirs.ours, 'events.sqlite'), ledger);
    console.log(
      `  durability (${scenario.name}): ${fmt(verified.checked)} acknowledged sessions (${fmt(ledger.canceled.size)} canceled, ${fmt(ledger.completed.size)} completed), ${fmt(verified.events)} events read back, ${verified.problemCount} problems${verified.problems.length ? `: ${verified.problems.join('; ')}` : ''}`,
    );
    allDurable &&= verified.problemCount === 0 && verified.checked > 0;
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\npeak RSS (VmHWM) of the service child over both scenarios: ${fmt(peaks.ours / 1024, 1)} MiB; of the baseline child: ${fmt(peaks.baseline / 1024, 1)} MiB`,
  );
  rows.push(
    row('peak RSS of the service during the command-path runs', peaks.ours / 1024, 'MiB', {
      baseline: peaks.baseline / 1024,
    }),
  );
  rows.push(
    row('acknowledged sessions found valid in the store', allDurable ? 1 : 0, 'bool', {
      goal: 'all',
      met: allDurable,
    }),
  );
  printResult('http-command-path', rows);
  if (!allDurable) process.exitCode = 1;
};

await main();
