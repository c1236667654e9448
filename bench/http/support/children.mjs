// Starts the HTTP servers under test as child processes, so the load generator never shares their event
// loop, and reads their memory from /proc.
/* global process, fetch, setTimeout, clearTimeout */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The built service; BENCH_SERVICE_MAIN names another build (an A/B of a change). */
export const serviceMain =
  process.env.BENCH_SERVICE_MAIN ?? join(repoRoot, 'apps', 'upload-service', 'dist', 'main.js');

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** A field of /proc/<pid>/status in KiB (VmHWM: peak resident set, VmRSS: current). */
export const procStatusKiB = (pid, field) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line === undefined ? null : Number.parseInt(line.split(/\s+/)[1], 10);
  } catch {
    return null;
  }
};

/** User + system CPU time of a process so far, in ms (from /proc/<pid>/stat, in clock ticks of 10 ms). */
export const cpuTimeMs = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};

export const openFds = (pid) => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
};

/** Open descriptors of a process by kind: sockets, files (paths), and the rest (pipes, event fds…). */
export const fdKinds = (pid) => {
  const kinds = { total: 0, sockets: 0, files: 0, other: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    kinds.total += 1;
    if (target.startsWith('socket:')) kinds.sockets += 1;
    else if (target.startsWith('/')) kinds.files += 1;
    else kinds.other += 1;
  }
  return kinds;
};

/**
 * Spawns `node <script>` with `env`, waits until `readyPath` answers 2xx, and returns the child with
 * its base URL. Its stdout (JSON logs) is discarded; stderr is kept for error reports.
 */
export const startChild = async ({
  script,
  args = [],
  env = {},
  nodeArgs = [],
  readyPath = '/health',
  label,
  ipc = false,
}) => {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  // A crash of the benchmark never leaves a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(baseUrl + readyPath);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label} did not answer ${readyPath} within 30 s: ${stderr}`);
    }
    await delay(100);
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    label,
    child,
    pid: child.pid,
    baseUrl,
    peakRssKiB: () => procStatusKiB(child.pid, 'VmHWM'),
    rssKiB: () => procStatusKiB(child.pid, 'VmRSS'),
    openFds: () => openFds(child.pid),
    fdKinds: () => fdKinds(child.pid),
    /** With `ipc` and bench/soak/support/service-with-probe.cjs: the child's memory after a full GC. */
    probe: () =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send('probe');
      }),
    cpuMs: () => cpuTimeMs(child.pid),
    stderr: () => stderr,
    /** SIGTERM and wait (SIGKILL after 15 s). */
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const outcome = await exited;
      clearTimeout(timer);
      return outcome;
    },
  };
};
