// Benchmark 6, content transfer: one 1 GiB upload over loopback HTTP to the running service (its own
// process, the embedded store, content on the temp disk), as one vSphere PUT to its upload URI and as
// BlendVision parts (8 MiB each: the service runs with BV_PART_SIZE_BYTES=8 MiB; sliced by their count
// as the vendor MCP server does, PART_CONCURRENCY = 4 PUTs in flight, then complete), vs copying the same bytes with a
// plain Node stream pipeline (generated source -> file on the same disk). Also measured: the plain copy
// with SHA-256 (the service hashes every upload with it: the ETag and the recorded checksum), which is
// the floor of any upload here. Goal: upload >= 0.8x the plain copy.
//
//   node bench/content/transfer.bench.mjs [--smoke]     (build first: npm run build; smoke: 8 MiB)
//   BENCH_CONTENT_MODES=vSphere,BlendVision  only the modes whose name contains one of these (for a
//   profile of one upload path: BENCH_PROFILE_DIR=<folder>); the plain copy always runs (the baseline).
/* global process, console, performance, setTimeout, fetch, Buffer, URL */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  readdirSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { describe, fmt, fsMagic, printMachine, printResult, repeat, row, smoke, stats } from '../kit.mjs';

const MiB = 2 ** 20;
const SIZE = (Number(process.env.BENCH_CONTENT_MIB) || (smoke ? 8 : 1024)) * MiB;
const CHUNK = MiB;
/** BlendVision part size and how many part PUTs are in flight at once (issue 16, P6). */
const PART_SIZE = 8 * MiB;
const PART_CONCURRENCY = 4;
const REPETITIONS = 3;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'content-bench-'));

printMachine('Content transfer: upload over HTTP vs a plain stream copy to the same disk');
const { bavail, bsize } = statfsSync(dir);
const free = bavail * bsize;
console.log(
  `Folder: ${dir} (fs magic ${fsMagic(dir)}), ${fmt(free / 2 ** 30, 1)} GiB free; ${fmt(SIZE / MiB)} MiB per transfer`,
);
if (free < SIZE * 4) {
  console.log(`SKIP: ${fmt(free / 2 ** 30, 1)} GiB free in ${dir}, need ${fmt((SIZE * 4) / 2 ** 30, 1)} GiB`);
  rmSync(dir, { recursive: true, force: true });
  printResult('content transfer', []);
  process.exit(0);
}

// The bytes: one random MiB sent again and again (generating them must cost nothing in the measure).
const block = randomBytes(CHUNK);
const source = (bytes) => {
  let left = bytes;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(CHUNK, left);
      left -= n;
      this.push(n === CHUNK ? block : block.subarray(0, n));
    },
  });
};

/** The baseline: generated source -> file, optionally through SHA-256 on the way. */
const plainCopy = async (hash, synced = false) => {
  const path = join(dir, `copy-${hash ? 'sha' : 'plain'}`);
  const stages = [source(SIZE)];
  if (hash) {
    const sha = createHash('sha256');
    stages.push(
      new Transform({
        transform(chunk, _encoding, callback) {
          sha.update(chunk);
          callback(null, chunk);
        },
      }),
    );
  }
  // `flush`: fsync before close, as the service does before it acknowledges an upload.
  await pipeline(...stages, createWriteStream(path, { flush: synced }));
  rmSync(path);
};

// --- The service, in a process of its own, on a free port ---
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = join(dir, 'service');
// BENCH_PROFILE_DIR=<folder>: the service writes a CPU profile there when it stops.
const profile = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
  : [];
// BENCH_SERVICE_NODE_ARGS='--trace-gc …': more node options for the service child; its stdout (where
// --trace-gc writes) then goes to BENCH_SERVICE_STDOUT=<file> when given.
const serviceArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
const serviceStdout = process.env.BENCH_SERVICE_STDOUT
  ? openSync(process.env.BENCH_SERVICE_STDOUT, 'w')
  : 'ignore';
const service = spawn(
  process.execPath,
  [...profile, ...serviceArgs, join(root, 'apps/upload-service/dist/main.js')],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '0',
      KURRENTDB_CONNECTION_STRING: '',
      BV_PART_SIZE_BYTES: String(PART_SIZE),
    },
    stdio: ['ignore', serviceStdout, 'inherit'],
  },
);
const stopService = () => {
  if (service.exitCode === null) service.kill('SIGTERM');
};
process.on('exit', stopService);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    // Not listening yet.
  }
  if (i > 300 || service.exitCode !== null) throw new Error('the service did not start');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// The floor of any HTTP upload: a bare node:http server, in its own process like the service.
const bare = spawn(process.execPath, [join(root, 'bench/content/bare-upload-server.mjs'), dir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const barePort = await new Promise((resolve, reject) => {
  bare.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
  bare.once('exit', () => reject(new Error('the bare upload server did not start')));
});
process.on('exit', () => bare.kill('SIGKILL'));

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const json = async (method, path, headers, body) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
};
/** PUTs `bytes` generated bytes to `url`; resolves with the response headers. */
const put = (url, bytes) =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'PUT', agent, headers: { 'content-length': String(bytes) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(res.headers) : reject(new Error(`PUT ${url}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    source(bytes).pipe(req);
  });

// vSphere: log in, one library and item; a fresh update session and file per upload.
const basic = `Basic ${Buffer.from('administrator@vsphere.local:upload-sessions').toString('base64')}`;
const token = await json('POST', '/api/session', { authorization: basic });
const vs = { 'vmware-api-session-id': token };
const library = await json('POST', '/api/content/local-library', vs, { name: 'bench', type: 'LOCAL' });
const item = await json('POST', '/api/content/library/item', vs, {
  library_id: library,
  name: 'big.iso',
  type: 'iso',
});
const vsphereUpload = async () => {
  const session = await json('POST', '/api/content/library/item/update-session', vs, {
    library_item_id: item,
  });
  const file = await json('POST', `/api/content/library/item/update-session/${session}/file`, vs, {
    name: 'big.iso',
    source_type: 'PUSH',
    size: SIZE,
  });
  const started = performance.now();
  await put(file.upload_endpoint.uri, SIZE);
  const elapsed = performance.now() - started;
  const info = await json('GET', `/api/content/library/item/update-session/${session}/file/big.iso`, vs);
  if (info.status !== 'READY' || Number(info.bytes_transferred ?? SIZE) !== SIZE)
    throw new Error(`vSphere file after PUT: ${JSON.stringify(info)}`);
  await json('POST', `/api/content/library/item/update-session/${session}?action=cancel`, vs);
  return elapsed;
};

// BlendVision: start an upload, PUT its parts PART_CONCURRENCY at a time, complete; then delete the file.
const bv = { authorization: 'Bearer bv-development-token', 'x-bv-org-id': 'default' };
const files = '/bv/cms/v1/library/files';
let bvParts = 0;
const blendVisionUpload = async () => {
  const started = performance.now();
  const upload = await json('POST', `${files}:upload`, bv, {
    file: {
      type: 'FILE_TYPE_VIDEO',
      source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
      name: 'big.mp4',
      size: String(SIZE),
    },
  });
  const parts = upload.upload_data.parts;
  bvParts = parts.length;
  const partSize = Math.ceil(SIZE / parts.length);
  const done = new Array(parts.length);
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const i = next++;
      const part = parts[i];
      const bytes = Math.min(partSize, SIZE - i * partSize);
      const headers = await put(part.presigned_url, bytes);
      done[i] = { part_number: part.part_number ?? i + 1, etag: headers.etag };
    }
  };
  await Promise.all(Array.from({ length: PART_CONCURRENCY }, worker));
  const completed = await json('POST', `${files}/${upload.file.id}:complete-upload`, bv, {
    complete_data: { id: upload.upload_data.id, parts: done },
  });
  const elapsed = performance.now() - started;
  if (completed.file.status !== 'FILE_STATUS_SUCCEED')
    throw new Error(`BlendVision: ${completed.file.status}`);
  await json('DELETE', `${files}/${upload.file.id}`, bv);
  return elapsed;
};

/** Bytes under the service's content folder (the clean-up deletes canceled and deleted uploads later). */
const contentBytes = () => {
  try {
    return readdirSync(join(dataDir, 'content'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  } catch {
    return 0;
  }
};
/** Lets the service's clean-up delete the last upload before the next mode runs, so it does not compete. */
const settle = async () => {
  for (let i = 0; i < 600 && contentBytes() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
};

const only = (process.env.BENCH_CONTENT_MODES ?? '').split(',').filter((word) => word !== '');
const modes = [
  ['plain copy', () => plainCopy(false)],
  ['plain copy + sha256', () => plainCopy(true)],
  ['plain copy, synced to disk', () => plainCopy(false, true)],
  ['bare HTTP PUT, discarded', () => put(`http://127.0.0.1:${barePort}/discard`, SIZE)],
  ['bare HTTP PUT + sha256 + file', () => put(`http://127.0.0.1:${barePort}/write`, SIZE)],
  ['vSphere one PUT', vsphereUpload],
  ['BlendVision parts + complete', blendVisionUpload],
].filter(([name]) => name === 'plain copy' || only.length === 0 || only.some((word) => name.includes(word)));
const rates = new Map(modes.map(([name]) => [name, []]));
/** With BENCH_PROFILE_DIR: when each service upload ran (monotonic µs, the clock of the .cpuprofile). */
const windows = [];
const microseconds = () => Number(process.hrtime.bigint() / 1000n);
/**
 * CPU seconds (user + system, every thread) the receiving process spent per GiB in each mode: steadier
 * than throughput on a shared machine. The receiver: this process for the copies, else the server.
 */
const cpu = new Map(modes.map(([name]) => [name, []]));
const cpuSeconds = (pid) => {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN; // no /proc: not reported
  }
};
/** CPU seconds by thread name (main `node`, `libuv-worker` writes, V8 workers: GC, compiler). */
const threadSeconds = (pid) => {
  const byName = new Map();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // No /proc, or the process is gone.
  }
  return byName;
};
/** Per mode: CPU seconds per GiB by thread of the receiving server (not for the in-process copies). */
const threads = new Map(modes.map(([name]) => [name, []]));
const receiver = (name) =>
  name.startsWith('plain') ? process.pid : name.startsWith('bare') ? bare.pid : service.pid;
try {
  await repeat(
    async (rep) => {
      // Interleaved: each repetition runs every mode once, starting one mode later than the last, so
      // no mode always runs first (the first after the service's clean-up ran at half speed when the
      // plain copy always led: 705 MiB/s against 1,342 for the copy that also hashed).
      const start = ((rep % modes.length) + modes.length) % modes.length;
      for (const [name, run] of [...modes.slice(start), ...modes.slice(0, start)]) {
        // Every mode starts with no deletion under way and no dirty pages to write back.
        await settle();
        spawnSync('sync');
        const t = performance.now();
        const from = microseconds();
        const cpuBefore = cpuSeconds(receiver(name));
        const threadsBefore = threadSeconds(receiver(name));
        const measured = await run();
        const cpuUsed = cpuSeconds(receiver(name)) - cpuBefore;
        if (rep >= 0 && receiver(name) !== process.pid) {
          const after = threadSeconds(receiver(name));
          threads
            .get(name)
            .push(
              new Map([...after].map(([thread, sec]) => [thread, sec - (threadsBefore.get(thread) ?? 0)])),
            );
        }
        if (rep >= 0 && Number.isFinite(cpuUsed)) cpu.get(name).push(cpuUsed / (SIZE / 2 ** 30));
        const ms = typeof measured === 'number' ? measured : performance.now() - t;
        if (rep >= 0 && !name.startsWith('plain') && !name.startsWith('bare'))
          windows.push({ mode: name, from, to: microseconds() });
        if (rep >= 0) rates.get(name).push(SIZE / MiB / (ms / 1000));
      }
    },
    { warmUps: 1, repetitions: REPETITIONS },
  );
} finally {
  // The service's peak RSS over the run (the old generation may grow more while an upload is received).
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1];
    if (hwm !== undefined)
      console.log(`service peak RSS (VmHWM) over the run: ${fmt(Number(hwm) / 1024)} MiB`);
  } catch {
    // No /proc: not reported.
  }
  agent.destroy();
  stopService();
  bare.kill('SIGKILL');
}
await new Promise((resolve) => (service.exitCode !== null ? resolve() : service.on('exit', resolve)));
if (process.env.BENCH_PROFILE_DIR)
  writeFileSync(join(process.env.BENCH_PROFILE_DIR, 'windows.json'), JSON.stringify(windows));
rmSync(dir, { recursive: true, force: true });

const s = new Map([...rates].map(([name, values]) => [name, stats(values)]));
for (const [name] of modes) console.log(`${name.padEnd(30)} ${describe(s.get(name), 'MiB/s')}`);
const plain = s.get('plain copy').median;
const median = (name) => s.get(name)?.median;
console.log(`(BlendVision: ${bvParts} parts, ${PART_CONCURRENCY} in flight)`);
const hashed = median('plain copy + sha256');
const bareWrite = median('bare HTTP PUT + sha256 + file');
const discarded = median('bare HTTP PUT, discarded');
const rows = [row('plain copy (baseline)', plain, 'MiB/s')];
if (hashed !== undefined) rows.push(row('plain copy + sha256 (vs plain)', hashed, 'MiB/s', plain));
const synced = median('plain copy, synced to disk');
if (synced !== undefined) rows.push(row('plain copy, fsync before close (vs plain)', synced, 'MiB/s', plain));
if (discarded !== undefined)
  rows.push(row('bare node:http PUT, discarded (vs plain)', discarded, 'MiB/s', plain));
if (bareWrite !== undefined)
  rows.push(row('bare node:http PUT + sha256 + file (vs plain)', bareWrite, 'MiB/s', plain));
for (const [name, label] of [
  ['vSphere one PUT', 'vSphere one PUT'],
  [
    'BlendVision parts + complete',
    `BlendVision ${PART_SIZE / MiB} MiB parts, ${PART_CONCURRENCY} in flight, + complete`,
  ],
]) {
  const v = median(name);
  if (v === undefined) continue;
  console.log(
    `${name}: x${(v / plain).toFixed(3)} of the plain copy` +
      (bareWrite !== undefined ? `, x${(v / bareWrite).toFixed(3)} of the bare HTTP server` : ''),
  );
  rows.push(
    row(`${label}, ${fmt(SIZE / MiB)} MiB (vs plain copy)`, v, 'MiB/s', plain, '>= 0.8x', v / plain >= 0.8),
  );
  if (bareWrite !== undefined)
    rows.push(row(`${label} (vs bare node:http + sha256 + file)`, v, 'MiB/s', bareWrite));
  // The service syncs every upload before acknowledging it (the plain copy does not).
  if (synced !== undefined) rows.push(row(`${label} (vs plain copy synced to disk)`, v, 'MiB/s', synced));
}
// CPU per GiB of the receiving process, against the bare server's (the floor of an HTTP upload).
const cpuMedian = (name) => (cpu.get(name)?.length ? stats(cpu.get(name)).median : undefined);
const bareCpu = cpuMedian('bare HTTP PUT + sha256 + file');
for (const [name] of modes) {
  const c = cpuMedian(name);
  if (c === undefined) continue;
  console.log(`${name.padEnd(30)} receiver CPU ${c.toFixed(2)} s per GiB`);
  const samples = threads.get(name) ?? [];
  const names = [...new Set(samples.flatMap((m) => [...m.keys()]))];
  const perThread = names
    .map((thread) => [thread, stats(samples.map((m) => (m.get(thread) ?? 0) / (SIZE / 2 ** 30))).median])
    .filter(([, sec]) => sec >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  if (perThread.length > 0)
    console.log(
      `${''.padEnd(30)}   by thread: ${perThread.map(([t, sec]) => `${t} ${sec.toFixed(2)}`).join(', ')}`,
    );
  const vsBare = name.startsWith('plain') || name.startsWith('bare') ? null : bareCpu;
  rows.push(
    row(`receiver CPU per GiB: ${name}${vsBare ? ' (vs bare + sha256 + file)' : ''}`, c, 's/GiB', vsBare),
  );
}
printResult('content transfer', rows);
