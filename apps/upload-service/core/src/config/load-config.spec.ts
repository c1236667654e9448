import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { coreConfigSlices } from './core-config';
import { loadConfig as loadSlices } from './load-config';

const loadConfig = (env: NodeJS.ProcessEnv, cwd?: string) => loadSlices(coreConfigSlices, env, cwd);

const errorsOf = (result: ReturnType<typeof loadConfig>): string[] => (E.isLeft(result) ? result.left : []);

describe('loadConfig', () => {
  it('defaults to SQLite in ./data, port 8080 on 127.0.0.1 and a 5 minute session timeout', () => {
    const result = loadConfig({}, '/srv/app');
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    expect(result.right).toMatchObject({
      http: { port: 8080, host: '127.0.0.1' },
      content: { contentDir: '/srv/app/data/content' },
      eventStore: { connection: { kind: 'sqlite', path: '/srv/app/data/events.sqlite' } },
      sessions: { timeoutSeconds: 300 },
      signedUrls: { secretGenerated: true },
    });
  });

  it('chooses KurrentDB when a connection string is set', () => {
    const result = loadConfig({ KURRENTDB_CONNECTION_STRING: 'kurrentdb://localhost:2113?tls=false' });
    expect(E.isRight(result) && result.right.eventStore.connection).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://localhost:2113?tls=false',
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['SESSION_TIMEOUT_SECONDS', '0'],
    ['KURRENTDB_CONNECTION_STRING', 'http://localhost:2113'],
    ['UPLOAD_URL_SECRET', 'short'],
    ['LOG_LEVEL', 'verbose'],
    ['RATE_LIMIT_PER_SECOND', '-1'],
    ['RATE_LIMIT_BURST', '0'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    const errors = errorsOf(loadConfig({ [name]: value }));
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(new RegExp(`^${name}[[.:]`));
  });

  it('limits each principal to 1000 requests per second with bursts of 2000 unless told otherwise', () => {
    const defaults = loadConfig({});
    expect(
      E.isRight(defaults) && [defaults.right.rateLimit.perSecond, defaults.right.rateLimit.burst],
    ).toEqual([1000, 2000]);
    const off = loadConfig({ RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '5' });
    expect(E.isRight(off) && [off.right.rateLimit.perSecond, off.right.rateLimit.burst]).toEqual([0, 5]);
  });

  it('limits slow and greedy clients with header, idle and keep-alive timeouts and a per-address cap', () => {
    const defaults = loadConfig({});
    expect(E.isRight(defaults) && defaults.right.http.clientLimits).toEqual({
      headersTimeoutMs: 15_000,
      requestIdleTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
      maxConnectionsPerAddress: 256,
    });
    const given = loadConfig({ REQUEST_IDLE_TIMEOUT_MS: '0', MAX_CONNECTIONS_PER_ADDRESS: '0' });
    expect(E.isRight(given) && given.right.http.clientLimits).toMatchObject({
      requestIdleTimeoutMs: 0,
      maxConnectionsPerAddress: 0,
    });
    const bad = loadConfig({ HEADERS_TIMEOUT_MS: '5', KEEP_ALIVE_TIMEOUT_MS: 'soon' });
    expect(E.isLeft(bad) && bad.left.map((line) => line.split(':')[0])).toEqual([
      'HEADERS_TIMEOUT_MS',
      'KEEP_ALIVE_TIMEOUT_MS',
    ]);
  });

  it('keeps the folded state of 10,000 streams unless told otherwise (0: none), and refuses a negative size', () => {
    const defaults = loadConfig({});
    expect(E.isRight(defaults) && defaults.right.commands.streamCacheSize).toBe(10_000);
    const off = loadConfig({ STREAM_CACHE_SIZE: '0' });
    expect(E.isRight(off) && off.right.commands.streamCacheSize).toBe(0);
    expect(errorsOf(loadConfig({ STREAM_CACHE_SIZE: '-1' })).map((e) => e.split(':')[0])).toEqual([
      'STREAM_CACHE_SIZE',
    ]);
  });

  it('reports every bad variable at once', () => {
    const errors = errorsOf(loadConfig({ PORT: '-1', COMMAND_RETRIES: 'x' }));
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual(['COMMAND_RETRIES', 'PORT']);
  });

  it('names the file setting that is bad, and refuses unknown settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 'x', PROT: 1 }));
    expect(errorsOf(loadConfig({ CONFIG_FILE: file }))).toEqual([
      `CONFIG_FILE: unknown setting PROT in ${file}`,
    ]);
    writeFileSync(file, JSON.stringify({ PORT: 'x' }));
    expect(errorsOf(loadConfig({ CONFIG_FILE: file }))[0]).toMatch(/^PORT \(in CONFIG_FILE\): /);
    expect(errorsOf(loadConfig({ CONFIG_FILE: path.join(dir, 'missing.json') }))[0]).toMatch(
      /^CONFIG_FILE: /,
    );
  });
});
