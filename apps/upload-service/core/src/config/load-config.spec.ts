import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { loadConfig } from './load-config';

const errorsOf = (result: ReturnType<typeof loadConfig>): string[] => (E.isLeft(result) ? result.left : []);

describe('loadConfig', () => {
  it('defaults to SQLite in ./data, port 8080 on 127.0.0.1 and a 5 minute session timeout', () => {
    const result = loadConfig({}, '/srv/app');
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    expect(result.right).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/app/data',
      contentDir: '/srv/app/data/content',
      eventStore: { kind: 'sqlite', path: '/srv/app/data/events.sqlite' },
      sessionTimeoutSeconds: 300,
      users: [],
      uploadUrlSecretGenerated: true,
    });
  });

  it('chooses KurrentDB when a connection string is set', () => {
    const result = loadConfig({ KURRENTDB_CONNECTION_STRING: 'kurrentdb://localhost:2113?tls=false' });
    expect(E.isRight(result) && result.right.eventStore).toEqual({
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
    ['USERS', '[{"username":"a"}]'],
    ['USERS', 'not json'],
    ['RATE_LIMIT_PER_SECOND', '-1'],
    ['RATE_LIMIT_BURST', '0'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    const errors = errorsOf(loadConfig({ [name]: value }));
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(new RegExp(`^${name}[[.:]`));
  });

  it('points inside a structured value', () => {
    const errors = errorsOf(
      loadConfig({ USERS: '[{"username":"a","organizationId":"o","passwordHash":"plain"}]' }),
    );
    expect(errors).toEqual([expect.stringMatching(/^USERS\[0\]\.passwordHash: must be a scrypt/)]);
  });

  it.each(['acme@x', '@acme', '.acme', 'a/b', 'a b', 'x'.repeat(129)])(
    'refuses USERS with organizationId %s, which the domain could not read back from its events',
    (organizationId) => {
      const user = { username: 'alice', passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', organizationId };
      const errors = errorsOf(loadConfig({ USERS: JSON.stringify([user]) }));
      expect(errors).toEqual([expect.stringMatching(/^USERS\[0\]\.organizationId: must be OrganizationId/)]);
    },
  );

  it('accepts USERS whose organizationId the domain accepts', () => {
    const user = {
      username: 'a@vsphere.local',
      passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      organizationId: 'org-1.x_y:z',
    };
    const result = loadConfig({ USERS: JSON.stringify([user]) });
    expect(E.isRight(result) && result.right.users).toEqual([user]);
  });

  it('limits each principal to 1000 requests per second with bursts of 2000 unless told otherwise', () => {
    const defaults = loadConfig({});
    expect(E.isRight(defaults) && [defaults.right.rateLimitPerSecond, defaults.right.rateLimitBurst]).toEqual(
      [1000, 2000],
    );
    const off = loadConfig({ RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '5' });
    expect(E.isRight(off) && [off.right.rateLimitPerSecond, off.right.rateLimitBurst]).toEqual([0, 5]);
  });

  it('keeps the folded state of 10,000 streams unless told otherwise (0: none), and refuses a negative size', () => {
    const defaults = loadConfig({});
    expect(E.isRight(defaults) && defaults.right.streamCacheSize).toBe(10_000);
    const off = loadConfig({ STREAM_CACHE_SIZE: '0' });
    expect(E.isRight(off) && off.right.streamCacheSize).toBe(0);
    expect(errorsOf(loadConfig({ STREAM_CACHE_SIZE: '-1' })).map((e) => e.split(':')[0])).toEqual([
      'STREAM_CACHE_SIZE',
    ]);
  });

  it('reports every bad variable at once', () => {
    const errors = errorsOf(loadConfig({ PORT: '-1', COMMAND_RETRIES: 'x' }));
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual(['COMMAND_RETRIES', 'PORT']);
  });

  it('reads a JSON config file, with the environment taking precedence', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    const file = path.join(dir, 'config.json');
    const user = {
      username: 'alice',
      passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      organizationId: 'acme',
    };
    writeFileSync(file, JSON.stringify({ PORT: 9000, HOST: '0.0.0.0', USERS: [user] }));
    const result = loadConfig({ CONFIG_FILE: file, PORT: '9001' });
    expect(E.isRight(result) && [result.right.port, result.right.host, result.right.users]).toEqual([
      9001,
      '0.0.0.0',
      [user],
    ]);
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
