import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { loadServiceConfig as loadConfig } from './service-config';

const errorsOf = (result: ReturnType<typeof loadConfig>): string[] => (E.isLeft(result) ? result.left : []);

describe('the service configuration (every slice)', () => {
  it('defaults to SQLite in ./data, port 8080 on 127.0.0.1, a 5 minute session timeout and the default user', () => {
    const result = loadConfig({}, '/srv/app');
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    expect(result.right).toMatchObject({
      http: { port: 8080, host: '127.0.0.1' },
      readModels: { dataDir: '/srv/app/data' },
      content: { contentDir: '/srv/app/data/content' },
      eventStore: { connection: { kind: 'sqlite', path: '/srv/app/data/events.sqlite' } },
      sessions: { timeoutSeconds: 300 },
      cleanUp: { staleAfterSeconds: 300, sweepIntervalSeconds: 15 },
      vsphere: { users: [] },
      signedUrls: { secretGenerated: true },
    });
  });

  it('reports bad variables of different slices at once', () => {
    const errors = errorsOf(loadConfig({ PORT: '-1', USERS: 'not json', BV_PART_SIZE_BYTES: '10' }));
    expect(errors.map((e) => e.split(/[:[]/)[0]).sort()).toEqual(['BV_PART_SIZE_BYTES', 'PORT', 'USERS']);
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
    expect(
      E.isRight(result) && [result.right.http.port, result.right.http.host, result.right.vsphere.users],
    ).toEqual([9001, '0.0.0.0', [user]]);
  });
});
