// Issue 16's P1 and P5 (and issue 8's benchmarks 1 and 7): the command path over HTTP, and the service's
// peak RSS meanwhile.
//
// P1: start + cancel pairs at 16 and 64 connections, on both dialects, against the floor:
//   vSphere      POST /api/content/library/item/update-session, then …/update-session/{id}?action=cancel
//   BlendVision  POST /bv/cms/v1/library/files:upload, then …/files/{id}:cancel-upload
// The floor (bench/http/floor-server.mjs): bare Fastify 5 + node:sqlite, WAL with synchronous=FULL, one
// events table with unique (stream, revision) and unique event id, group commit, appends only, recording
// the same events per request. Goal: throughput ≥ 0.5× the floor's and p99 ≤ 2× its p99, measured in
// the same run, the contenders interleaved. The earlier baseline (bench/http/baseline-server.mjs: bare
// Fastify doing the same appends through our SqliteEventStore) runs beside the floor on vSphere, so the
// store's own share shows. P5: the service's peak RSS (VmHWM) over the P1 runs, goal ≤ 200 MiB.
// Also (no goal): vSphere create + add file + PUT 16 bytes + complete against the baseline.
//
// The service: the built service (node apps/upload-service/dist/main.js, embedded SQLite store, default
// settings but the per-principal rate limit, off since one principal sends everything) in a child; the
// default vSphere user and the BlendVision development token. Autocannon request sequences: each
// connection chains its own requests (the ids of its start go into its cancel) and uses its own items.
// After each scenario every acknowledged session is checked in the service's store.
//
// Build first (from the repo root): npm run build   (or: npx nx run upload-service:build)
//   node bench/http/command-path.bench.mjs [--smoke]
// Env: BENCH_CONNECTIONS=16,64 and BENCH_SCENARIOS=vsphere,blendvision,create+complete select points,
//      BENCH_SECONDS (measured seconds per repetition, default 5), BENCH_REPETITIONS (default 3),
//      BENCH_SERVICE_MAIN=<another build's main.js> (A/B of a change), BENCH_CPU_PROF=<dir> writes a
//      --cpu-prof profile of the service child there, BENCH_SERVICE_ENV='{"K":"v"}' extra service env.
/* global process, console */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { serviceMain, startChild } from './support/children.mjs';
import { load } from './support/load.mjs';
import { describe, fmt, isSmoke, machineLine, median, printResult, row } from './support/report.mjs';
import {
  bvUploadThenCancel,
  createThenCancel,
  createThenComplete,
  itemPool,
  newLedger,
} from './support/scenarios.mjs';
import { verifySessions } from './support/verify-sessions.mjs';
import { createItems, login, releaseOpenSessions } from './support/vsphere-setup.mjs';

const smoke = isSmoke();
/** One principal sends every request: the per-principal rate limit (1000/s by default) is off here. */
const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0' };
const CONNECTIONS = smoke ? [16] : (process.env.BENCH_CONNECTIONS?.split(',').map(Number) ?? [16, 64]);
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_SECONDS = smoke ? 0 : 2;
const REPETITIONS = smoke ? 1 : Number(process.env.BENCH_REPETITIONS ?? 3);
const ITEMS = smoke ? 64 : 512;
const RSS_GOAL_MIB = 200;
const wanted = (name) =>
  process.env.BENCH_SCENARIOS === undefined || process.env.BENCH_SCENARIOS.split(',').includes(name);

const startOurs = async (label, dataDir) => {
  const nodeArgs = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = await startChild({
    script: serviceMain,
    env: { DATA_DIR: dataDir, ...UNLIMITED, ...JSON.parse(process.env.BENCH_SERVICE_ENV ?? '{}') },
    nodeArgs,
    label,
  });
  const token = await login(child.baseUrl);
  const items = await createItems(child.baseUrl, token, ITEMS);
  return { ...child, token, items };
};

const startBare = async (label, script, dataDir) => {
  const child = await startChild({
    script: join(import.meta.dirname, script),
    env: { DATA_DIR: dataDir },
    label,
  });
  return { ...child, token: 'unused', items: Array.from({ length: ITEMS }, () => randomUUID()) };
};

/**
 * One scenario at each connection count: `targets` interleaved (warm-up, then REPETITIONS rounds), the
 * first being ours and compared with `reference` (throughput and p99 goals) and with each other target.
 */
const measure = async ({ title, build, servers, targets, reference, goals, ledger, rows }) => {
  for (const connections of CONNECTIONS) {
    const figures = Object.fromEntries(targets.map((t) => [t, []]));
    const plan = (target) =>
      build({
        token: servers[target].token,
        pool: itemPool(servers[target].items),
        ledger: target === 'ours' ? ledger : newLedger(),
      });
    // Only our service claims library items: its left-open sessions are canceled after each run.
    const afterRun = async (target) => {
      if (target === 'ours' && build !== bvUploadThenCancel)
        await releaseOpenSessions(servers.ours.baseUrl, servers.ours.token, ledger);
    };
    if (WARM_UP_SECONDS > 0) {
      for (const target of targets) {
        await load(servers[target].baseUrl, plan(target), connections, WARM_UP_SECONDS);
        await afterRun(target);
      }
    }
    // Interleaved so that drift on a shared machine hits every contender alike.
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const target of targets) {
        const cpuBefore = servers[target].cpuMs();
        const figure = await load(servers[target].baseUrl, plan(target), connections, SECONDS);
        figure.cpuPerRequest = (servers[target].cpuMs() - cpuBefore) / Math.max(1, figure.total);
        if (figure.non2xx > 0 || figure.errors > 0) {
          throw new Error(
            `${target} ${title} c=${connections}: ${figure.non2xx} non-2xx, ${figure.errors} errors; ${ledger.unexpected.slice(0, 3).join(' | ')}`,
          );
        }
        figures[target].push(figure);
        await afterRun(target);
      }
    }
    const pick = (target, key) => figures[target].map((f) => f[key]);
    const med = (target, key) => median(pick(target, key));
    console.log(`\n${title}, ${connections} connections:`);
    for (const target of targets) {
      console.log(
        `  ${target.padEnd(9)} ${describe(pick(target, 'requestsPerSecond'), 'req/s')}; p50 ${describe(pick(target, 'p50'), 'ms', 1)}; p99 ${describe(pick(target, 'p99'), 'ms', 1)}; server CPU ${describe(pick(target, 'cpuPerRequest'), 'ms/req', 3)}`,
      );
    }
    const label = `${title} c=${connections}`;
    for (const other of targets.slice(1)) {
      const ratio = med('ours', 'requestsPerSecond') / med(other, 'requestsPerSecond');
      const p99Ratio = med('ours', 'p99') / med(other, 'p99');
      const cpuRatio = med('ours', 'cpuPerRequest') / med(other, 'cpuPerRequest');
      const isReference = other === reference && goals;
      console.log(
        `  ours / ${other}: throughput ${ratio.toFixed(2)}×${isReference ? ' (goal ≥ 0.5×)' : ''}, p99 ${p99Ratio.toFixed(2)}×${isReference ? ' (goal ≤ 2×)' : ''}, server CPU per request ${cpuRatio.toFixed(2)}×`,
      );
      rows.push(
        row(`${label} throughput vs ${other}`, med('ours', 'requestsPerSecond'), 'req/s', {
          baseline: med(other, 'requestsPerSecond'),
          ...(isReference ? { goal: '≥ 0.5× the floor', met: ratio >= 0.5 } : {}),
        }),
      );
      rows.push(
        row(`${label} p99 vs ${other}`, med('ours', 'p99'), 'ms', {
          baseline: med(other, 'p99'),
          ...(isReference ? { goal: '≤ 2× the floor', met: p99Ratio <= 2 } : {}),
        }),
      );
      rows.push(
        row(`${label} server CPU per request vs ${other}`, med('ours', 'cpuPerRequest'), 'ms', {
          baseline: med(other, 'cpuPerRequest'),
        }),
      );
    }
  }
};

const verify = async (dataDir, ledger, title) => {
  const verified = await verifySessions(join(dataDir, 'events.sqlite'), ledger);
  console.log(
    `  durability (${title}): ${fmt(verified.checked)} acknowledged sessions (${fmt(ledger.canceled.size)} canceled, ${fmt(ledger.completed.size)} completed), ${fmt(verified.events)} events read back, ${verified.problemCount} problems${verified.problems.length ? `: ${verified.problems.join('; ')}` : ''}`,
  );
  return verified.problemCount === 0 && verified.checked > 0;
};

const main = async () => {
  console.log(
    `# Command path over HTTP: our service vs the floor (bare Fastify + node:sqlite) and the baseline (bare Fastify + SqliteEventStore)${smoke ? ' (smoke: tiny sizes, figures mean nothing)' : ''}`,
  );
  console.log(machineLine());
  console.log(
    `${REPETITIONS} × ${SECONDS} s per point after a ${WARM_UP_SECONDS} s warm-up; connections ${CONNECTIONS.join(', ')}`,
  );
  const rows = [];
  let allDurable = true;

  // P1 and P5: one service for both dialects' start + cancel, so its peak RSS covers all of P1.
  const p1 = [
    {
      name: 'vsphere',
      title: 'vSphere start+cancel',
      build: createThenCancel,
      targets: ['ours', 'floor', 'baseline'],
    },
    {
      name: 'blendvision',
      title: 'BlendVision start+cancel',
      build: bvUploadThenCancel,
      targets: ['ours', 'floor'],
    },
  ].filter((s) => wanted(s.name));
  if (p1.length > 0) {
    const dirs = {
      ours: mkdtempSync(join(tmpdir(), 'bench-ours-')),
      floor: mkdtempSync(join(tmpdir(), 'bench-floor-')),
      baseline: mkdtempSync(join(tmpdir(), 'bench-base-')),
    };
    const servers = {
      ours: await startOurs('service', dirs.ours),
      floor: await startBare('floor', 'floor-server.mjs', dirs.floor),
      baseline: await startBare('baseline', 'baseline-server.mjs', dirs.baseline),
    };
    const ledgers = {};
    let peaks;
    try {
      for (const scenario of p1) {
        ledgers[scenario.name] = newLedger();
        await measure({
          ...scenario,
          servers,
          reference: 'floor',
          goals: true,
          ledger: ledgers[scenario.name],
          rows,
        });
      }
      peaks = Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, (s.peakRssKiB() ?? 0) / 1024]));
    } finally {
      for (const server of Object.values(servers)) await server.stop();
    }
    for (const scenario of p1) allDurable &&= await verify(dirs.ours, ledgers[scenario.name], scenario.title);
    console.log(
      `\npeak RSS (VmHWM) over the start+cancel runs: service ${fmt(peaks.ours, 1)} MiB (goal ≤ ${RSS_GOAL_MIB} MiB); floor ${fmt(peaks.floor, 1)} MiB; baseline ${fmt(peaks.baseline, 1)} MiB`,
    );
    rows.push(
      row('peak RSS of the service during the start+cancel runs (vs the floor)', peaks.ours, 'MiB', {
        baseline: peaks.floor,
        goal: `≤ ${RSS_GOAL_MIB} MiB`,
        met: peaks.ours <= RSS_GOAL_MIB,
      }),
    );
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }

  // No goal: the four-request vSphere flow against the baseline, which implements it.
  if (wanted('create+complete')) {
    const dirs = {
      ours: mkdtempSync(join(tmpdir(), 'bench-ours-')),
      baseline: mkdtempSync(join(tmpdir(), 'bench-base-')),
    };
    const servers = {
      ours: await startOurs('service', dirs.ours),
      baseline: await startBare('baseline', 'baseline-server.mjs', dirs.baseline),
    };
    const ledger = newLedger();
    try {
      await measure({
        title: 'vSphere create+file+put+complete',
        build: createThenComplete,
        servers,
        targets: ['ours', 'baseline'],
        reference: 'baseline',
        goals: false,
        ledger,
        rows,
      });
    } finally {
      for (const server of Object.values(servers)) await server.stop();
    }
    allDurable &&= await verify(dirs.ours, ledger, 'create+complete');
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }

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
