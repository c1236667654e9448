// A/B of two settings (or builds) of the service on the command path: two service children, the same
// start + cancel load against each in turn (interleaved, so the shared machine's drift hits both), server
// CPU per request (user + system of the child, all its threads), throughput and p99 of each, and the
// ratio B/A per round. For deciding whether a change pays before running bench/http/command-path.
//   BENCH_AB_A='{"ENV":"v"}' BENCH_AB_B='{"ENV":"w"}' node bench/http/ab-service.mjs
// Env: BENCH_AB_A / BENCH_AB_B: extra service env for A and B (JSON); BENCH_AB_MAIN_A / _B: another
// build's main.js; BENCH_SCENARIOS=vsphere,blendvision; BENCH_CONNECTIONS (default 64);
// BENCH_SECONDS (default 5); BENCH_REPETITIONS (default 4).
/* global process, console */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceMain, startChild } from './support/children.mjs';
import { load } from './support/load.mjs';
import { machineLine, median } from './support/report.mjs';
import { bvUploadThenCancel, createThenCancel, itemPool, newLedger } from './support/scenarios.mjs';
import { createItems, login, releaseOpenSessions } from './support/vsphere-setup.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 4);
const scenarios = (process.env.BENCH_SCENARIOS ?? 'vsphere,blendvision').split(',');

const start = async (label, env, main) => {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-ab-${label}-`));
  const child = await startChild({
    script: main ?? serviceMain,
    env: { DATA_DIR: dataDir, RATE_LIMIT_PER_SECOND: '0', ...env },
    label,
  });
  const token = await login(child.baseUrl);
  const items = await createItems(child.baseUrl, token, 512);
  return { ...child, dataDir, token, items, ledger: newLedger() };
};

const round = async (server, build) => {
  const cpuBefore = server.cpuMs();
  const figure = await load(
    server.baseUrl,
    build({ token: server.token, pool: itemPool(server.items), ledger: server.ledger }),
    CONNECTIONS,
    SECONDS,
  );
  if (build === createThenCancel) await releaseOpenSessions(server.baseUrl, server.token, server.ledger);
  return { ...figure, cpu: (server.cpuMs() - cpuBefore) / Math.max(1, figure.total) };
};

const main = async () => {
  console.log(machineLine());
  const a = await start('A', JSON.parse(process.env.BENCH_AB_A ?? '{}'), process.env.BENCH_AB_MAIN_A);
  const b = await start('B', JSON.parse(process.env.BENCH_AB_B ?? '{}'), process.env.BENCH_AB_MAIN_B);
  try {
    for (const name of scenarios) {
      const build = name === 'vsphere' ? createThenCancel : bvUploadThenCancel;
      await round(a, build);
      await round(b, build);
      const cpu = [];
      const rps = [];
      for (let rep = 0; rep < REPETITIONS; rep++) {
        const [first, second] = rep % 2 === 0 ? [a, b] : [b, a];
        const f1 = await round(first, build);
        const f2 = await round(second, build);
        const [fa, fb] = first === a ? [f1, f2] : [f2, f1];
        cpu.push(fb.cpu / fa.cpu);
        rps.push(fb.requestsPerSecond / fa.requestsPerSecond);
        console.log(
          `${name} c=${CONNECTIONS} round ${rep + 1}: A ${fa.requestsPerSecond.toFixed(0)} req/s p99 ${fa.p99} ms ${fa.cpu.toFixed(3)} ms/req; B ${fb.requestsPerSecond.toFixed(0)} req/s p99 ${fb.p99} ms ${fb.cpu.toFixed(3)} ms/req`,
        );
      }
      console.log(
        `${name}: B/A CPU per request median ${median(cpu).toFixed(3)} (${cpu.map((x) => x.toFixed(2)).join(', ')}); throughput ${median(rps).toFixed(3)} (${rps.map((x) => x.toFixed(2)).join(', ')})`,
      );
    }
    console.log(
      `peak RSS: A ${(a.peakRssKiB() / 1024).toFixed(1)} MiB, B ${(b.peakRssKiB() / 1024).toFixed(1)} MiB`,
    );
  } finally {
    for (const s of [a, b]) {
      await s.stop();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
};

await main();
