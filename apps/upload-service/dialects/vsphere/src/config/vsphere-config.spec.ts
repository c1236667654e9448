import * as E from 'fp-ts/Either';
import { loadConfig as loadSlices } from '@upload-sessions/service-core/config/load-config';
import { vsphereConfig } from './vsphere-config';

const loadConfig = (env: NodeJS.ProcessEnv) => loadSlices([vsphereConfig], env);
const errorsOf = (result: ReturnType<typeof loadConfig>): string[] => (E.isLeft(result) ? result.left : []);

describe('vSphere configuration', () => {
  it('defaults to no users (the default user), 30 minute logins and hour-long upload URIs', () => {
    const result = loadConfig({});
    expect(E.isRight(result) && result.right.vsphere).toEqual({
      users: [],
      loginIdleTimeoutSeconds: 1800,
      uploadUrlTtlSeconds: 3600,
    });
  });

  it.each([
    ['USERS', '[{"username":"a"}]'],
    ['USERS', 'not json'],
    ['LOGIN_IDLE_TIMEOUT_SECONDS', '0'],
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
    expect(E.isRight(result) && result.right.vsphere.users).toEqual([user]);
  });
});
