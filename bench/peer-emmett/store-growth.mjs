// Why Emmett's in-memory peer slows down as a run goes on (bench/profiles/peer-emmett-store-growth.md).
//
// Emmett 0.38.5's in-memory store computes each appended event's global position by summing the length
// of every stream it holds (`getAllEventsCount`: Array.from(streams.values()).map(...).reduce(...)), so
// an append costs time in proportion to the streams stored, and every start+cancel pair adds a stream.
// Past 16,384 streams the temporary arrays exceed V8's largest regular object (128 KiB of 8-byte
// pointers), are allocated in the large-object space and each call costs about 5× more per stream.
//
// Three measurements, each printed as a table:
//   1. `getAllEventsCount` alone (the same expression) on a Map of N streams: CPU per call, GCs.
//   2. In process: CPU per start+cancel pair through DeciderCommandHandler against streams stored.
//   3. Over HTTP: a fresh emmett-server.mjs (STORE=memory) under create+cancel at 64 connections
//      for BENCH_SECONDS (default 24), per second: requests/s, streams stored, server CPU per request.
//
// Diagnostic, not part of `npm run bench` (no .bench.mjs). Needs bench/peer-emmett installed (the
// peer bench installs it) and the workspace built:
//   node bench/peer-emmett/store-growth.mjs [alone] [pairs] [http]
// Env (http): BENCH_SECONDS (default 24), BENCH_CONNECTIONS (default 64), BENCH_CPU_PROF=<dir>.
/* global process, console, setTimeout, setInterval, clearInterval */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { startChild } from '../http/support/children.mjs';
import { uploadSessionHandler } from './emmett-handler.mjs';
import { load } from '../http/support/load.mjs';
import { fmt, machineLine } from '../http/support/report.mjs';
import { createThenCancel, itemPool, newLedger } from '../http/support/scenarios.mjs';

const here = import.meta.dirname;
const parts = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wants = (part) => parts.length === 0 || parts.includes(part);
const cpuMicros = (since) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const gcs = { minor: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind === 1) gcs.minor += 1;
    else gcs.major += 1;
  }
}).observe({ entryTypes: ['gc'] });

const alone = async () => {
  console.log('\n## 1. getAllEventsCount alone (Map of N streams of one event each)\n');
  console.log('| streams | CPU per call | per stream | minor GCs | major GCs (per 2,000 calls) |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  const streams = new Map();
  const count = () =>
    Array.from(streams.values())
      .map((s) => s.length)
      .reduce((p, c) => p + c, 0);
  for (const n of [4_000, 8_000, 16_000, 16_384, 16_385, 16_500, 20_000, 30_000, 40_000]) {
    while (streams.size < n) streams.set(`upload-session-${randomUUID()}`, [{ type: 'Started' }]);
    const calls = 2_000;
    await settle();
    gcs.minor = 0;
    gcs.major = 0;
    const since = process.cpuUsage();
    for (let i = 0; i < calls; i++) count();
    const micros = cpuMicros(since) / calls;
    await settle();
    console.log(
      `| ${fmt(n)} | ${fmt(micros, 1)} µs | ${fmt((micros / n) * 1000, 1)} ns | ${gcs.minor} | ${gcs.major} |`,
    );
  }
};

const pairs = async () => {
  console.log('\n## 2. In process: one start+cancel pair (two appends) against streams stored\n');
  console.log('| streams stored | CPU per pair | pairs/s on one core |');
  console.log('| ---: | ---: | ---: |');
  const store = getInMemoryEventStore();
  const handle = uploadSessionHandler();
  let stored = 0;
  const pair = async () => {
    const sessionId = randomUUID();
    const now = new Date();
    await handle(store, sessionId, {
      type: 'StartUploadSession',
      sessionId,
      organizationId: 'default',
      target: { kind: 'library-item', libraryItemId: randomUUID(), contentVersion: '0' },
      files: [],
      expiresAt: new Date(now.getTime() + 300_000).toISOString(),
      clientToken: null,
      now: now.toISOString(),
    });
    await handle(store, sessionId, {
      type: 'CancelUploadSession',
      reason: 'client',
      transfersInFlight: [],
      now: new Date().toISOString(),
    });
    stored += 1;
  };
  for (const mark of [0, 4_000, 8_000, 12_000, 15_500, 16_500, 20_000, 30_000]) {
    while (stored < mark) await pair();
    const n = 500;
    await settle();
    const since = process.cpuUsage();
    for (let i = 0; i < n; i++) await pair();
    const micros = cpuMicros(since) / n;
    console.log(`| ${fmt(mark)} | ${fmt(micros)} µs | ${fmt(1e6 / micros)} |`);
  }
};

const http = async () => {
  const seconds = Number(process.env.BENCH_SECONDS ?? 24);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
  console.log(
    `\n## 3. Over HTTP: a fresh Emmett in-memory server, create+cancel at ${connections} connections for ${seconds} s\n`,
  );
  const server = await startChild({
    script: join(here, 'emmett-server.mjs'),
    env: { STORE: 'memory' },
    label: 'emmett-memory',
    // BENCH_CPU_PROF=<dir>: a CPU profile of the server, written when it stops.
    nodeArgs: process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [],
  });
  try {
    const ledger = newLedger();
    const items = Array.from({ length: 256 }, () => randomUUID());
    console.log('| second | 2xx/s | streams stored at its end | server CPU per request |');
    console.log('| ---: | ---: | ---: | ---: |');
    let last = { answers: 0, cpu: server.cpuMs(), second: 0 };
    const tick = setInterval(() => {
      const answers = ledger.created.size + ledger.canceled.size;
      const cpu = server.cpuMs();
      const done = answers - last.answers;
      last = { answers, cpu, second: last.second + 1, cpuUsed: cpu - last.cpu };
      console.log(
        `| ${last.second} | ${fmt(done)} | ${fmt(ledger.created.size)} | ${done ? fmt((last.cpuUsed / done) * 1000) : '—'} µs |`,
      );
    }, 1000);
    const figure = await load(
      server.baseUrl,
      createThenCancel({ token: 'unused', pool: itemPool(items), ledger }),
      connections,
      seconds,
      2,
    );
    clearInterval(tick);
    console.log(
      `\nwhole run: ${fmt(figure.okPerSecond)} 2xx/s, p99 ${fmt(figure.p99)} ms, ${fmt(figure.non2xx)} non-2xx, ${fmt(figure.errors)} errors; ${fmt(ledger.created.size)} streams stored`,
    );
  } finally {
    await server.stop();
  }
};

console.log('# Emmett 0.38.5 in-memory store: cost against streams stored');
console.log(machineLine());
if (wants('alone')) await alone();
if (wants('pairs')) await pairs();
if (wants('http')) await http();
