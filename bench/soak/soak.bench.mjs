// Soak of issue 7 ("Load") and benchmark 7's memory after the soak: mixed traffic of both dialects
// (support/mixed-traffic.cjs: vSphere and BlendVision uploads completed or canceled, gets and lists) on
// loopback against the built service in a child process, bounded in time (SOAK_SECONDS, default 180)
// and in count (SOAK_MAX_REQUESTS, default 1,000,000).
//
// Phases: warm-up traffic (20% of the time, at least 5 s), idle 3 s (smoke: 2 s, 1 s) → reference figures; soak traffic
// with a window every minute (smoke: 2 s) (RSS, heap after a forced GC, open fds, latency p50/p99 and requests);
// idle 3 s → end figures. Checks: no request failed; heap after GC and RSS grow by at most
// HEAP_BOUND_MIB / RSS_BOUND_MIB from the reference (data is on disk, not in memory, so memory must not
// follow the request count); open fds back to the reference; p50 of the last window at most 2× the
// first's.
//
// Build first (from the repo root): npm run build
//   node bench/soak/soak.bench.mjs [--smoke]       (smoke: 6 s of traffic)
// Env: SOAK_SECONDS, SOAK_WORKERS (concurrent flows, default 8), SOAK_MAX_REQUESTS.
/* global process, console, AbortController */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startChild } from '../http/support/children.mjs';
import { fmt, isSmoke, machineLine, median, printResult, row } from '../http/support/report.mjs';
import traffic from './support/mixed-traffic.cjs';

const smoke = isSmoke();
const SECONDS = smoke ? 6 : Number(process.env.SOAK_SECONDS ?? 180);
const WARM_UP_SECONDS = smoke ? 2 : Math.max(5, Math.round(SECONDS * 0.2));
const WINDOW_SECONDS = smoke ? 2 : Number(process.env.SOAK_WINDOW_SECONDS ?? 60);
const IDLE_MS = smoke ? 1000 : 3000;
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const MAX_REQUESTS = Number(process.env.SOAK_MAX_REQUESTS ?? 1_000_000);
const HEAP_BOUND_MIB = 16;
const RSS_BOUND_MIB = 64;
const MiB = 2 ** 20;

const percentile = (sorted, p) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Idle figures once the traffic's connections are closed: fds are polled until they stop falling. */
const idleFigures = async (server) => {
  await delay(IDLE_MS);
  let fds = server.fdKinds();
  for (let i = 0; i < 10; i++) {
    await delay(500);
    const now = server.fdKinds();
    if (now.total >= fds.total) break;
    fds = now;
  }
  const memory = await server.probe();
  return { fds, heap: memory.heapUsed, external: memory.external, rss: server.rssKiB() * 1024 };
};

const main = async () => {
  console.log(`# Soak: mixed traffic of both dialects for ${SECONDS} s${smoke ? ' (smoke)' : ''}`);
  console.log(machineLine());
  const dataDir = mkdtempSync(join(tmpdir(), 'soak-'));
  const server = await startChild({
    script: join(import.meta.dirname, 'support', 'service-with-probe.cjs'),
    nodeArgs: ['--expose-gc'],
    env: { DATA_DIR: dataDir, BV_PART_SIZE_BYTES: String(traffic.PART_BYTES) },
    label: 'service',
    ipc: true,
  });
  try {
    const warm = await traffic.runMixedTraffic({
      baseUrl: server.baseUrl,
      seconds: WARM_UP_SECONDS,
      workers: WORKERS,
    });
    const reference = await idleFigures(server);
    console.log(
      `warm-up: ${fmt(warm.requests)} requests, ${warm.failed} failed; then idle: heap ${fmt(reference.heap / MiB, 1)} MiB, RSS ${fmt(reference.rss / MiB, 1)} MiB, fds ${JSON.stringify(reference.fds)}`,
    );

    const windows = [];
    let current = { latencies: [], failed: 0, byOperation: {} };
    const record = (operation, ms, ok) => {
      current.latencies.push(ms);
      (current.byOperation[operation] ??= []).push(ms);
      if (!ok) current.failed += 1;
    };
    const closeWindow = async () => {
      const closed = current;
      current = { latencies: [], failed: 0, byOperation: {} };
      const memory = await server.probe();
      const sorted = closed.latencies.sort((a, b) => a - b);
      const window = {
        requests: sorted.length,
        failed: closed.failed,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        rss: server.rssKiB() * 1024,
        heap: memory.heapUsed,
        external: memory.external,
        fds: server.openFds(),
        p50ByOperation: Object.fromEntries(
          Object.entries(closed.byOperation).map(([operation, list]) => [operation, median(list)]),
        ),
      };
      windows.push(window);
      console.log(
        `  window ${windows.length}: ${fmt(window.requests)} requests (${window.failed} failed), p50 ${fmt(window.p50, 1)} ms, p99 ${fmt(window.p99, 1)} ms, RSS ${fmt(window.rss / MiB, 1)} MiB, heap after GC ${fmt(window.heap / MiB, 1)} MiB, external ${fmt(window.external / MiB, 1)} MiB, fds ${window.fds}`,
      );
      console.log(
        `    p50 by operation (ms): ${Object.entries(window.p50ByOperation)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([operation, ms]) => `${operation} ${fmt(ms, 1)}`)
          .join(', ')}`,
      );
    };
    const started = Date.now();
    const stopTicking = new AbortController();
    const ticker = (async () => {
      for (let n = 1; ; n++) {
        const wait = started + n * WINDOW_SECONDS * 1000 - Date.now();
        try {
          if (wait > 0) await delay(wait, undefined, { signal: stopTicking.signal });
        } catch {
          return; // the traffic is over
        }
        await closeWindow();
      }
    })();
    const soak = await traffic.runMixedTraffic({
      baseUrl: server.baseUrl,
      seconds: SECONDS,
      maxOperations: MAX_REQUESTS,
      workers: WORKERS,
      record,
    });
    const elapsed = (Date.now() - started) / 1000;
    stopTicking.abort();
    await ticker;
    if (current.latencies.length > 0.25 * (windows[0]?.requests ?? 0)) await closeWindow();
    const end = await idleFigures(server);

    const heapGrowth = (end.heap - reference.heap) / MiB;
    const rssGrowth = (end.rss - reference.rss) / MiB;
    const fdsBack = end.fds.total <= reference.fds.total;
    const first = windows[0];
    const last = windows[windows.length - 1];
    const steady = first !== undefined && last !== undefined && last.p50 <= 2 * first.p50;
    console.log(
      `soak: ${fmt(soak.requests)} requests in ${fmt(elapsed, 0)} s (${fmt(soak.requests / elapsed)} req/s), ${soak.failed} failed; flows ${JSON.stringify(soak.flows)}`,
    );
    if (soak.failures.length) console.log(`  first failures: ${soak.failures.join(' | ')}`);
    console.log(
      `idle after the soak: heap after GC ${fmt(end.heap / MiB, 1)} MiB (${heapGrowth >= 0 ? '+' : ''}${fmt(heapGrowth, 1)} MiB; bound ${HEAP_BOUND_MIB}), RSS ${fmt(end.rss / MiB, 1)} MiB (${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth, 1)} MiB; bound ${RSS_BOUND_MIB}), peak RSS ${fmt(server.peakRssKiB() / 1024, 1)} MiB, fds ${JSON.stringify(end.fds)} (reference ${reference.fds.total})`,
    );
    console.log(
      `latency: p50 first window ${fmt(first?.p50 ?? 0, 1)} ms, last ${fmt(last?.p50 ?? 0, 1)} ms; p99 first ${fmt(first?.p99 ?? 0, 1)} ms, last ${fmt(last?.p99 ?? 0, 1)} ms; median p99 over windows ${fmt(median(windows.map((w) => w.p99)), 1)} ms`,
    );
    printResult('soak', [
      row('soak requests', soak.requests, 'requests'),
      row('soak failed requests', soak.failed + warm.failed, 'requests', {
        goal: '0',
        met: soak.failed + warm.failed === 0,
      }),
      row('heap after GC, growth over the soak', heapGrowth, 'MiB', {
        goal: `≤ ${HEAP_BOUND_MIB} MiB`,
        met: heapGrowth <= HEAP_BOUND_MIB,
      }),
      row('RSS growth over the soak', rssGrowth, 'MiB', {
        goal: `≤ ${RSS_BOUND_MIB} MiB`,
        met: rssGrowth <= RSS_BOUND_MIB,
      }),
      row('RSS after the soak', end.rss / MiB, 'MiB'),
      row('peak RSS during the soak', server.peakRssKiB() / 1024, 'MiB'),
      row('open fds after the soak', end.fds.total, 'fds', {
        baseline: reference.fds.total,
        goal: '≤ before',
        met: fdsBack,
      }),
      row('p50 last window', last?.p50 ?? 0, 'ms', {
        baseline: first?.p50 ?? null,
        goal: '≤ 2× first window',
        met: steady,
      }),
      row('p99 last window', last?.p99 ?? 0, 'ms', { baseline: first?.p99 ?? null }),
    ]);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

await main();
