import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** bench/soak's launcher: runs the service and answers 'probe' with its memory after a full GC. */
const LAUNCHER = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'bench',
  'soak',
  'support',
  'service-with-probe.cjs',
);

export interface MemoryProbe {
  readonly heapUsed: number;
  readonly rss: number;
  readonly gc: boolean;
}

export interface ProbedService {
  readonly baseUrl: string;
  /** Open file descriptors of the service process. */
  openFds(): number;
  /** Its memory after a forced garbage collection. */
  probe(): Promise<MemoryProbe>;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
};

/**
 * The service from its TypeScript sources in a child process (so its descriptors and heap are its
 * own, apart from Jest's), on a free loopback port, with an IPC channel for memory probes.
 */
export const startProbedService = async (env: Record<string, string>): Promise<ProbedService> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', '--conditions=@upload-sessions/source', LAUNCHER], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...env,
      SOAK_FROM_SOURCE: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the service did not start within 60 s: ${stderr}`);
    }
    await delay(200);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid');
  return {
    baseUrl,
    openFds: () => readdirSync(`/proc/${pid}/fd`).length,
    probe: () =>
      new Promise<MemoryProbe>((resolve) => {
        child.once('message', (message) => resolve(message as MemoryProbe));
        child.send('probe');
      }),
    stop: () => stopChild(child),
  };
};
