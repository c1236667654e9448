import { randomBytes, randomUUID } from 'node:crypto';
import { putBytes } from '../fixtures';
import { startTwoOrganizations, type TwoOrganizations } from './two-organizations';

jest.setTimeout(60_000);

/**
 * The JSON logs and the error answers never hold a secret: passwords (right or wrong), login tokens
 * (`vmware-api-session-id`), API tokens (known or guessed), upload URI tokens, part URL signatures,
 * the signing secret or the password hashes, whatever the request did with them.
 */
describe('secrets never reach the logs or error messages [SQLite]', () => {
  let t: TwoOrganizations;
  const answers: string[] = [];
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTwoOrganizations();
  });
  afterAll(async () => t?.service.stop());

  const keep = async (response: Response): Promise<Response> => {
    answers.push(
      `${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')} ${await response.clone().text()}`,
    );
    return response;
  };
  const base = (): string => t.service.baseUrl;

  it('logs none of the secrets used in logins, token use, signed URLs and failed authentication', async () => {
    const wrongPassword = `wrong-${randomUUID()}`;
    const guessedToken = `guess-${randomUUID()}`;
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    // Logins: one right (alice's, done at start), one wrong, one for a user that does not exist.
    await keep(
      await fetch(`${base()}/api/session`, {
        method: 'POST',
        headers: { authorization: basic(`alice-x`, wrongPassword) },
      }),
    );
    const aliceName = t.service.users!.alice.username;
    await keep(
      await fetch(`${base()}/api/session`, {
        method: 'POST',
        headers: { authorization: basic(aliceName, wrongPassword) },
      }),
    );
    const login = await fetch(`${base()}/api/session`, {
      method: 'POST',
      headers: { authorization: basic(aliceName, t.passwords[0]!) },
    });
    // (The login answer is the one place a token may appear: it is how the client gets it.)
    const extraToken = (await login.json()) as string;

    // Login tokens used, guessed, and ended.
    await keep(
      await fetch(`${base()}/api/content/local-library`, {
        headers: { 'vmware-api-session-id': extraToken },
      }),
    );
    await keep(
      await fetch(`${base()}/api/content/local-library`, {
        headers: { 'vmware-api-session-id': guessedToken },
      }),
    );
    await keep(
      await fetch(`${base()}/api/session`, {
        method: 'DELETE',
        headers: { 'vmware-api-session-id': extraToken },
      }),
    );
    await keep(
      await fetch(`${base()}/api/content/local-library`, {
        headers: { 'vmware-api-session-id': extraToken },
      }),
    );

    // BlendVision tokens: right, guessed, for another organization; audit with both kinds.
    const list = `${base()}/bv/cms/v1/library/files?type=FILE_TYPE_VIDEO`;
    await keep(
      await fetch(list, { headers: { authorization: `Bearer ${t.tokenA}`, 'x-bv-org-id': t.orgA } }),
    );
    await keep(
      await fetch(list, { headers: { authorization: `Bearer ${guessedToken}`, 'x-bv-org-id': t.orgA } }),
    );
    await keep(
      await fetch(list, { headers: { authorization: `Bearer ${t.tokenB}`, 'x-bv-org-id': t.orgA } }),
    );
    await keep(
      await fetch(`${base()}/audit/organizations/${t.orgA}/events`, {
        headers: { authorization: `Bearer ${t.tokenA}` },
      }),
    );
    await keep(
      await fetch(`${base()}/audit/organizations/${t.orgA}/events`, {
        headers: { authorization: `Bearer ${guessedToken}` },
      }),
    );

    // Signed URLs: used, tampered with, and for the wrong thing.
    const uploadToken = new URL(t.owned.uploadUri).searchParams.get('token')!;
    const partUrl = new URL(t.owned.partUrls[1]!);
    const signature = partUrl.searchParams.get('signature')!;
    await keep(
      await fetch(`${t.owned.uploadUri.replace('/f.bin?', '/g.bin?')}`, { method: 'PUT', body: 'x' }),
    );
    await keep(await fetch(`${t.owned.uploadUri}x`, { method: 'PUT', body: 'x' }));
    expect((await putBytes(t.alice, t.owned.uploadUri, randomBytes(16))).status).toBe(200);
    await keep(
      await fetch(partUrl.toString().replace('/parts/2', '/parts/1'), {
        method: 'PUT',
        body: Buffer.alloc(1024),
      }),
    );
    await keep(
      await fetch(partUrl.toString().replace(/signature=./, 'signature=0'), {
        method: 'PUT',
        body: Buffer.alloc(1024),
      }),
    );
    await keep(await fetch(partUrl.toString(), { method: 'PUT', body: Buffer.alloc(1024) }));

    Object.assign(secrets, {
      'alice password': t.passwords[0]!,
      'bob password': t.passwords[1]!,
      'wrong password': wrongPassword,
      'alice login token': t.alice.token!,
      'bob login token': t.bob.token!,
      'second login token': extraToken,
      'guessed token': guessedToken,
      'API token A': t.tokenA,
      'API token B': t.tokenB,
      'upload URI token': uploadToken,
      'upload URI token signature': uploadToken.split('.')[1]!,
      'part URL signature': signature,
      'URL signing secret': t.secret,
      'Basic credentials': Buffer.from(`${aliceName}:${t.passwords[0]!}`).toString('base64'),
    });
    const logs = t.service.logs.map((line) => JSON.stringify(line)).join('\n');
    expect(t.service.logs.length).toBeGreaterThan(20);
    for (const [name, secret] of Object.entries(secrets)) {
      expect([name, logs.includes(secret)]).toEqual([name, false]);
      expect([name, answers.some((a) => a.includes(secret))]).toEqual([name, false]);
    }
    // Password hashes (USERS) stay out too.
    expect(logs).not.toMatch(/scrypt\$/);
    // The failed logins and refusals were logged, without what was tried.
    expect(logs).toContain('login refused');
    console.log(
      `secrets checked: ${Object.keys(secrets).length} kinds in ${t.service.logs.length} log lines and ${answers.length} answers`,
    );
  });
});
