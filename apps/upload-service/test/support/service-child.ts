import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
import { apiTokenHash } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';

const LAUNCHER = path.join(__dirname, 'service-from-source.cjs');

/** Credentials of one test run, the same across the restarts of its service. */
export interface ChildCredentials {
  readonly vsphere: { readonly username: string; readonly password: string; readonly organizationId: string };
  readonly bv: { readonly token: string; readonly organizationId: string };
  /** The environment that configures them (and a fixed URL secret, so upload URIs survive a restart). */
  readonly env: Record<string, string>;
}

export const makeCredentials = async (): Promise<ChildCredentials> => {
  const run = randomUUID().slice(0, 8);
  const organizationId = `org-${run}`;
  const vsphere = { username: `user-${run}`, password: `pw-${run}`, organizationId };
  const bv = { token: `tok-${randomUUID()}`, organizationId };
  return {
    vsphere,
    bv,
    env: {
      USERS: JSON.stringify([
        { username: vsphere.username, organizationId, passwordHash: await hashPassword(vsphere.password) },
      ]),
      BV_API_TOKENS: JSON.stringify([
        { name: `bv-${run}`, tokenHash: apiTokenHash(bv.token), organizationIds: [organizationId] },
      ]),
      UPLOAD_URL_SECRET: `secret-${randomUUID()}-${randomUUID()}`,
    },
  };
};

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildService {
  readonly baseUrl: string;
  readonly process: ChildProcess;
  /** The JSON log lines written so far. */
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<ChildExit>;
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<ChildExit>;
  /** SIGTERM (graceful shutdown), and wait. */
  stop(): Promise<ChildExit>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

/**
 * The service in a child process (from source, on the embedded SQLite store in `dataDir`), started
 * and listening. `env` adds settings (e.g. FAULT_KILL_AFTER_APPEND, see service-from-source.cjs).
 */
export const startChildService = async (
  dataDir: string,
  credentials: ChildCredentials,
  env: Record<string, string> = {},
  /** A command the node process is started through (e.g. unshare): it gets node's argv appended. */
  wrapper: readonly string[] = [],
): Promise<ChildService> => {
  const port = await freePort();
  const argv = [...wrapper, process.execPath, '--conditions=@upload-sessions/source', LAUNCHER];
  const child = spawn(argv[0]!, argv.slice(1), {
    env: {
      PATH: process.env['PATH'] ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...credentials.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  const exited = new Promise<ChildExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry['msg'] === 'listening') resolve();
        } catch {
          logs.push({ msg: line });
        }
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    void exited.then(({ code, signal }) =>
      reject(new Error(`the service exited before listening (${code ?? signal}): ${stderr}`)),
    );
  });
  await listening;
  const end = async (signal: NodeJS.Signals): Promise<ChildExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    logs,
    exited,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
};
