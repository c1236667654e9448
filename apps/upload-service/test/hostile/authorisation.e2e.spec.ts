import { randomUUID } from 'node:crypto';
import { UploadUrlSigner } from '@upload-sessions/dialect-vsphere/auth/upload-url-signer';
import { PartUrlSigner } from '@upload-sessions/dialect-blendvision/uploads/part-url-signer';
import { rpcCode } from '../blendvision/bv-client';
import { createSession, errorType, getSession } from '../fixtures';
import { routes, type Route } from './routes';
import { startTwoOrganizations, type TwoOrganizations } from './two-organizations';

jest.setTimeout(60_000);

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * Every route, called without credentials, with wrong ones, and with another organization's valid
 * ones: never reached, never a hint of organization A's sessions, files, items or audit events, and
 * never a change in the event store. Signed upload URLs only work for what they were signed for.
 */
describe('authentication and authorisation of every route [SQLite]', () => {
  let t: TwoOrganizations;
  const counts: Record<string, number> = {};
  const count = (what: string): void => {
    counts[what] = (counts[what] ?? 0) + 1;
  };

  beforeAll(async () => {
    t = await startTwoOrganizations();
  });
  afterAll(async () => {
    console.log(`authorisation checks: ${JSON.stringify(counts)}`);
    await t?.service.stop();
  });

  /** A's identifiers, none of which another organization's caller may see. */
  const secretsOfA = (): string[] => [
    t.owned.sessionId,
    t.owned.itemId,
    t.owned.libraryId,
    t.owned.bvFileId,
    t.owned.bvUploadId,
  ];

  const call = async (route: Route, headers: Record<string, string>, orgInPath = t.orgA): Promise<Answer> => {
    const url = route.path(t.owned, orgInPath);
    const body = route.body?.(t.owned);
    const response = await fetch(`${t.service.baseUrl}${url}`, {
      method: route.method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Prometheus text, checked as text.
    }
    // Answers of the dialects are checked against their vendor contracts.
    if (route.dialect === 'vsphere') t.alice.check(route.method, url, response.status, parsed);
    if (route.dialect === 'bv') t.bvA.check(route.method, url, response.status, parsed);
    return { status: response.status, body: parsed, text, headers: response.headers };
  };

  /** No id of A's in the answer, except those the request itself named (an echo tells nothing). */
  const expectNoLeak = (answer: Answer, route?: Route): void => {
    const named =
      route === undefined ? '' : `${route.path(t.owned, t.orgA)} ${JSON.stringify(route.body?.(t.owned))}`;
    for (const id of secretsOfA()) if (!named.includes(id)) expect(answer.text).not.toContain(id);
  };

  const idsOf = (o: TwoOrganizations['owned']): Record<string, string> => ({
    sessionId: o.sessionId,
    itemId: o.itemId,
    libraryId: o.libraryId,
    bvFileId: o.bvFileId,
    bvUploadId: o.bvUploadId,
  });
  const normalise = (text: string, ids: Record<string, string>): string =>
    Object.entries(ids).reduce((out, [key, id]) => out.split(id).join(`<${key}>`), text);

  /** The same route aimed at ids that exist nowhere: a foreign caller must get the very same answer. */
  const expectAsIfUnknown = async (route: Route, headers: Record<string, string>, answer: Answer) => {
    const unknown = {
      ...t.owned,
      sessionId: randomUUID(),
      itemId: randomUUID(),
      libraryId: randomUUID(),
      bvFileId: randomUUID(),
      bvUploadId: randomUUID(),
    };
    const url = route.path(unknown, t.orgA);
    const body = route.body?.(unknown);
    const response = await fetch(`${t.service.baseUrl}${url}`, {
      method: route.method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    expect([route.name, answer.status, normalise(answer.text, idsOf(t.owned))]).toEqual([
      route.name,
      response.status,
      normalise(text, idsOf(unknown)),
    ]);
  };

  const unchanged = async (what: () => Promise<void>): Promise<void> => {
    const before = await t.head();
    await what();
    expect(await t.head()).toBe(before);
  };

  const bearer = (token: string, org: string): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    'x-bv-org-id': org,
  });

  it('answers every route without credentials 401 in its dialect (infrastructure routes tell nothing)', async () => {
    await unchanged(async () => {
      for (const route of routes) {
        const answer = await call(route, {});
        count(`no credentials ${route.dialect}`);
        expectNoLeak(answer);
        if (route.dialect === 'vsphere')
          expect([route.name, answer.status, errorType(answer.body)]).toEqual([
            route.name,
            401,
            'UNAUTHENTICATED',
          ]);
        if (route.dialect === 'bv')
          expect([route.name, answer.status, rpcCode(answer.body)]).toEqual([route.name, 401, 16]);
        if (route.dialect === 'audit') expect([route.name, answer.status]).toEqual([route.name, 401]);
        if (route.dialect === 'infra') {
          expect(answer.status).toBe(200);
          expect(answer.text).not.toContain(t.orgA);
        }
      }
    });
  });

  it('answers wrong credentials 401, and a token for another organization 403, changing nothing', async () => {
    await unchanged(async () => {
      for (const route of routes.filter((r) => r.scope !== 'public')) {
        const forged = randomUUID();
        if (route.dialect === 'vsphere') {
          const answer = await call(route, {
            'vmware-api-session-id': forged,
            authorization: `Basic ${Buffer.from('x:y').toString('base64')}`,
          });
          expect([route.name, answer.status, errorType(answer.body)]).toEqual([
            route.name,
            401,
            'UNAUTHENTICATED',
          ]);
          expectNoLeak(answer);
        }
        if (route.dialect === 'bv') {
          const wrong = await call(route, bearer(forged, t.orgA));
          expect([route.name, wrong.status, rpcCode(wrong.body)]).toEqual([route.name, 401, 16]);
          // B's valid token may not act for A at all, whatever the path names.
          const otherOrg = await call(route, bearer(t.tokenB, t.orgA));
          expect([route.name, otherOrg.status, rpcCode(otherOrg.body)]).toEqual([route.name, 403, 7]);
          expectNoLeak(wrong);
          expectNoLeak(otherOrg);
          count('wrong credentials bv');
        }
        if (route.dialect === 'audit') {
          const wrong = await call(route, { 'vmware-api-session-id': forged });
          expect([route.name, wrong.status]).toEqual([route.name, 401]);
          expectNoLeak(wrong);
        }
        count(`wrong credentials ${route.dialect}`);
      }
    });
  });

  it('lets another organization neither reach nor learn of A’s resources: 404 as if unknown, or lists without them', async () => {
    await unchanged(async () => {
      for (const route of routes.filter((r) => r.scope === 'resource' || r.scope === 'list')) {
        let answer: Answer;
        if (route.dialect === 'vsphere') {
          const bob = { 'vmware-api-session-id': t.bob.token! };
          answer = await call(route, bob);
          if (route.scope === 'resource') {
            expect([route.name, answer.status, errorType(answer.body)]).toEqual([
              route.name,
              404,
              'NOT_FOUND',
            ]);
            await expectAsIfUnknown(route, bob, answer);
          } else {
            expect([route.name, answer.status]).toEqual([route.name, 200]);
            await expectAsIfUnknown(route, bob, answer);
          }
        } else if (route.dialect === 'bv') {
          answer = await call(route, bearer(t.tokenB, t.orgB));
          if (route.scope === 'resource') {
            expect([route.name, answer.status, rpcCode(answer.body)]).toEqual([route.name, 404, 5]);
            await expectAsIfUnknown(route, bearer(t.tokenB, t.orgB), answer);
          } else {
            expect([route.name, answer.status]).toEqual([route.name, 200]);
            await expectAsIfUnknown(route, bearer(t.tokenB, t.orgB), answer);
          }
        } else {
          // Another organization in the path is refused outright; A's session under B's path is unknown.
          const inA = await call(route, { 'vmware-api-session-id': t.bob.token! });
          expect([route.name, inA.status]).toEqual([route.name, 403]);
          expectNoLeak(inA);
          answer = await call(route, bearer(t.tokenB, t.orgB), t.orgB);
          expect([route.name, answer.status]).toEqual([
            route.name,
            route.name === 'session history' || route.name === 'operations session' ? 404 : 200,
          ]);
        }
        expectNoLeak(answer, route);
        count(`foreign organization ${route.dialect} ${route.scope}`);
      }
    });
    // A's things are as they were.
    expect((await getSession(t.alice, t.owned.sessionId))['state']).toBe('ACTIVE');
    const file = await t.bvA.request('GET', `/bv/cms/v1/library/files/${t.owned.bvFileId}`);
    expect((file.body as { file: { status: string; name: string } }).file.status).toBe(
      'FILE_STATUS_PROGRESSING',
    );
  });

  it('accepts a vSphere upload URI only for its own file and session, before it expires', async () => {
    const uri = new URL(t.owned.uploadUri);
    const token = uri.searchParams.get('token') ?? '';
    const other = await createSession(t.alice);
    const put = async (url: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: 'PUT', body: 'x'.repeat(16), headers });
      const text = await response.text();
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      t.alice.check('PUT', new URL(url).pathname, response.status, body);
      return { status: response.status, body, text };
    };
    const base = `${t.service.baseUrl}/cls/data`;
    const expired = new UploadUrlSigner(Buffer.from(t.secret, 'utf8'), 1000, () => Date.now() - 60_000).sign(
      t.owned.sessionId,
      t.owned.fileName,
      { username: 'alice', organizationId: t.orgA },
    );
    await unchanged(async () => {
      const cases: [string, string, Record<string, string>, number][] = [
        ['no token, no login', `${base}/${t.owned.sessionId}/f.bin`, {}, 401],
        ['another file', `${base}/${t.owned.sessionId}/g.bin?token=${encodeURIComponent(token)}`, {}, 401],
        ['another session', `${base}/${other}/f.bin?token=${encodeURIComponent(token)}`, {}, 401],
        ['expired', `${base}/${t.owned.sessionId}/f.bin?token=${encodeURIComponent(expired)}`, {}, 401],
        [
          'tampered',
          `${base}/${t.owned.sessionId}/f.bin?token=${encodeURIComponent(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))}`,
          {},
          401,
        ],
        [
          'another organization’s login',
          `${base}/${t.owned.sessionId}/f.bin`,
          { 'vmware-api-session-id': t.bob.token! },
          404,
        ],
      ];
      for (const [name, url, headers, status] of cases) {
        const answer = await put(url, headers);
        expect([name, answer.status]).toEqual([name, status]);
        count('vSphere upload URI misuse');
      }
    });
    // The genuine URI still works.
    expect((await put(t.owned.uploadUri)).status).toBe(200);
  });

  it('accepts a BlendVision part URL only for its own part and upload, before it expires', async () => {
    const [url1, url2] = t.owned.partUrls.map((u) => new URL(u));
    const signer = new PartUrlSigner(Buffer.from(t.secret, 'utf8'));
    const other = await t.bvA.request('POST', '/bv/cms/v1/library/files:upload', {
      json: {
        file: {
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: 'o.mp4',
          size: '1024',
        },
      },
    });
    const otherUpload = (other.body as { upload_data: { id: string } }).upload_data.id;
    const query2 = url2!.search;
    const base = t.service.baseUrl;
    const cases: [string, string][] = [
      ['no signature', `${base}${url2!.pathname}`],
      ['part 2’s signature on part 1', `${base}${url1!.pathname}${query2}`],
      ['another upload', `${base}/bv/uploads/${otherUpload}/parts/2${query2}`],
      [
        'a later expiry',
        `${base}${url2!.pathname}${query2.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`)}`,
      ],
      ['expired', `${base}${signer.sign(t.owned.bvUploadId, 2, Date.now() - 60_000)}`],
    ];
    await unchanged(async () => {
      for (const [name, url] of cases) {
        const answer = await t.bvA.putPart(url, Buffer.alloc(1024));
        expect([name, answer.status, rpcCode(answer.body)]).toEqual([name, 403, 7]);
        count('BlendVision part URL misuse');
      }
    });
    expect((await t.bvA.putPart(url2!.toString(), Buffer.alloc(1024))).status).toBe(200);
  });
});
