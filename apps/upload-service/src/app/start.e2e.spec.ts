import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

jest.setTimeout(90_000);

const LAUNCHER = path.join(__dirname, '..', '..', 'test', 'support', 'service-from-source.cjs');
const BANNER = ['listening', 'event store', 'content folder', 'vSphere users', 'BlendVision API tokens'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node main.ts` (from source) in a child with the given environment; once its stdout shows the last
 * banner line it gets SIGTERM. Resolves with everything it wrote when it has exited.
 */
const runService = (env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@upload-sessions/source', LAUNCHER], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stopped && stdout.includes('"msg":"BlendVision API tokens"')) stopped = child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

const listenOn = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

const portOf = (server: Server): number => {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
};

const freePort = async (): Promise<number> => {
  const server = await listenOn(0);
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('service start-up output', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'start-e2e-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes only JSON lines on stdout, route mapping at debug, then a banner of one line each', async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'data');
    const run = await runService({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mapped = entries.filter((e) => String(e['msg']).startsWith('Mapped {'));
    expect(mapped.length).toBeGreaterThan(10);
    expect(mapped.every((e) => e['level'] === 'debug')).toBe(true);

    const banner = entries.filter((e) => BANNER.includes(String(e['msg'])));
    expect(banner.map((e) => e['msg'])).toEqual(BANNER);
    expect(banner).toEqual([
      expect.objectContaining({ level: 'info', url: `http://127.0.0.1:${port}` }),
      expect.objectContaining({ kind: 'sqlite', location: path.join(dataDir, 'events.sqlite') }),
      expect.objectContaining({ path: path.join(dataDir, 'content') }),
      expect.objectContaining({ users: ['administrator@vsphere.local'], developmentDefault: true }),
      expect.objectContaining({ tokens: ['development'], developmentDefault: true }),
    ]);
    // The banner comes after everything else of the start-up.
    expect(entries.findIndex((e) => e['msg'] === 'listening')).toBeGreaterThan(
      entries.findIndex((e) => String(e['msg']).startsWith('Mapped {')),
    );
  });

  it('at the default level, stdout has no route mapping and the banner is there', async () => {
    const run = await runService({ PORT: String(await freePort()), DATA_DIR: path.join(dir, 'data') });
    const entries = run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((e) => String(e['msg']).startsWith('Mapped {'))).toEqual([]);
    expect(entries.filter((e) => BANNER.includes(String(e['msg'])))).toHaveLength(BANNER.length);
  });

  it('refuses a busy port with one line and exit code 1, before the data folder is opened', async () => {
    const taken = await listenOn(0);
    try {
      const dataDir = path.join(dir, 'never-created');
      const run = await runService({ PORT: String(portOf(taken)), DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        level: 'error',
        msg: `port ${portOf(taken)} on 127.0.0.1 is already in use: stop what listens there or set PORT`,
        code: 'EADDRINUSE',
      });
      expect(run.stderr).toBe('');
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
