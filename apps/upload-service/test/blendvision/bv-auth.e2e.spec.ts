import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeEachStore } from './bv-backends';
import { BvClient, rpcCode } from './bv-client';
import { FILES, startUpload, uploadFile } from './bv-flow';
import { startBvService, type BvService } from './bv-service';
import { BvSpec } from './bv-spec';
import { DEVELOPMENT_TOKEN } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';

const reasonOf = (body: unknown): unknown =>
  (body as { details?: { reason?: unknown }[] }).details?.[0]?.reason;

describeEachStore('BlendVision authentication and errors over HTTP', (env) => {
  const spec = BvSpec.load();
  let service: BvService;
  let client: BvClient;

  beforeAll(async () => {
    service = await startBvService(env);
    client = new BvClient(service.baseUrl, spec, service.tokens.acme.token, service.orgs.a);
  });
  afterAll(() => service.stop());

  /** One request of each kind of operation, so that every route is guarded. */
  const operations = (fileId: string, uploadId: string) =>
    [
      [
        'POST',
        `${FILES}:upload`,
        { file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a', size: '1' } },
      ],
      ['GET', `${FILES}?type=FILE_TYPE_VIDEO`, undefined],
      ['GET', `${FILES}/${fileId}`, undefined],
      ['PUT', `${FILES}/${fileId}`, { name: 'x' }],
      ['DELETE', `${FILES}/${fileId}`, undefined],
      ['DELETE', FILES, { ids: [fileId] }],
      ['POST', `${FILES}/${fileId}:cancel-upload`, { upload_id: uploadId }],
      ['POST', `${FILES}/${fileId}:complete-upload`, { complete_data: { id: uploadId, parts: [] } }],
      ['POST', `${FILES}/${fileId}:download`, {}],
    ] as const;

  it('answers 401 code 16 without a bearer token or with an unknown one, on every operation', async () => {
    const upload = await startUpload(client, 10);
    for (const [method, url, json] of operations(upload.file.id, upload.uploadId)) {
      for (const headers of [
        { token: null },
        { token: 'not-a-token' },
        { token: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } },
        { token: null, headers: { authorization: 'Bearer' } },
        // A token's hash is not the token.
        { token: null, headers: { authorization: `Bearer sha256:${'0'.repeat(64)}` } },
      ]) {
        const response = await client.request(method, url, {
          ...(json !== undefined ? { json } : {}),
          ...headers,
        });
        expect([method, url, response.status, rpcCode(response.body)]).toEqual([method, url, 401, 16]);
      }
    }
    // Nothing was changed by the refused requests.
    const still = await client.request('GET', `${FILES}/${upload.file.id}`);
    expect(still.status).toBe(200);
  });

  it('answers 400 code 3 without x-bv-org-id, and 403 code 7 for an organization the token may not act for', async () => {
    const upload = await startUpload(client, 10);
    for (const [method, url, json] of operations(upload.file.id, upload.uploadId)) {
      const body = json !== undefined ? { json } : {};
      const missing = await client.request(method, url, { ...body, org: null });
      expect([method, url, missing.status, rpcCode(missing.body), reasonOf(missing.body)]).toEqual([
        method,
        url,
        400,
        3,
        'MISSING_ORGANIZATION',
      ]);
      const empty = await client.request(method, url, { ...body, org: '' });
      expect([empty.status, rpcCode(empty.body)]).toEqual([400, 3]);
      const foreign = await client.request(method, url, { ...body, org: service.orgs.c });
      expect([method, url, foreign.status, rpcCode(foreign.body)]).toEqual([method, url, 403, 7]);
    }
    // The token is checked first: a bad token without an organization is still 401.
    const both = await client.request('GET', `${FILES}?type=FILE_TYPE_VIDEO`, { token: 'nope', org: null });
    expect([both.status, rpcCode(both.body)]).toEqual([401, 16]);
  });

  it('refuses the development token while API tokens are configured', async () => {
    const response = await client.request('GET', `${FILES}?type=FILE_TYPE_VIDEO`, {
      token: DEVELOPMENT_TOKEN.token,
      org: DEVELOPMENT_TOKEN.organizationIds[0],
    });
    expect([response.status, rpcCode(response.body)]).toEqual([401, 16]);
    expect(service.logs.some((entry) => String(entry['msg']).includes('BV_API_TOKENS'))).toBe(false);
  });

  it('answers unknown routes and methods under /bv/ with 404 code 5', async () => {
    for (const [method, url] of [
      ['GET', '/bv/cms/v1/library/nothing'],
      ['POST', `${FILES}:frobnicate`],
      ['POST', `${FILES}/${randomUUID()}:frobnicate`],
      ['PATCH', FILES],
      ['GET', '/bv/uploads/x/parts/1'],
    ] as const) {
      const response = await client.request(method, url, method === 'GET' ? {} : { json: {} });
      expect([method, url, response.status, rpcCode(response.body)]).toEqual([method, url, 404, 5]);
    }
  });

  it('answers a body over the limit with 400 code 3, never a 500', async () => {
    const huge = JSON.stringify({ file: { name: 'x'.repeat(2 * 1024 * 1024) } });
    const response = await client.request('POST', `${FILES}:upload`, { raw: huge });
    expect([response.status, rpcCode(response.body)]).toEqual([400, 3]);
  });

  it('answers odd input with a google.rpc.Status 4xx, never a 500', async () => {
    const upload = await startUpload(client, 10);
    const cases: [string, string, { raw?: string; contentType?: string }][] = [
      ['POST', `${FILES}:upload`, { raw: 'null' }],
      ['POST', `${FILES}:upload`, { raw: '5' }],
      ['POST', `${FILES}:upload`, { raw: '"text"' }],
      ['POST', `${FILES}:upload`, { raw: '{"__proto__": {"file": 1}, "constructor": {}}' }],
      ['POST', `${FILES}:upload`, { raw: `${'['.repeat(5000)}${']'.repeat(5000)}` }],
      ['POST', `${FILES}:upload`, { raw: '' }],
      ['POST', `${FILES}:upload`, { raw: '\u0000', contentType: 'application/octet-stream' }],
      ['POST', `${FILES}/${upload.file.id}:cancel-upload`, { raw: '{"upload_id": {"$ne": null}}' }],
      [
        'POST',
        `${FILES}/${upload.file.id}:complete-upload`,
        { raw: '{"complete_data": {"id": "x", "parts": {}}}' },
      ],
      ['GET', `${FILES}/%E0%A4%A`, {}],
      ['GET', `${FILES}?type=FILE_TYPE_VIDEO&type=FILE_TYPE_IMAGE`, {}],
      ['GET', `${FILES}?type=FILE_TYPE_VIDEO&current_page=99999999999999999999`, {}],
      ['PUT', `/bv/uploads/${upload.uploadId}/parts/99999999?expires=1&signature=x`, {}],
      ['PUT', `/bv/uploads/..%2F..%2Fetc/parts/1?expires=1&signature=x`, {}],
    ];
    for (const [method, url, options] of cases) {
      const response = await client.request(method, url, options);
      expect([
        method,
        url,
        response.status >= 400 && response.status < 500,
        typeof rpcCode(response.body),
      ]).toEqual([method, url, true, 'number']);
    }
    expect((await client.request('GET', `${FILES}/${upload.file.id}`)).status).toBe(200);
  });

  it('keeps API tokens out of the event store and the logs; events name the token by its name', async () => {
    await uploadFile(client, Buffer.from('hello'), service.partSize);
    const files = readdirSync(service.dataDir).filter((name) => name.startsWith('events.sqlite'));
    const stored = files
      .map((name) => readFileSync(path.join(service.dataDir, name)).toString('latin1'))
      .join('');
    if (env['KURRENTDB_CONNECTION_STRING'] === undefined) {
      expect(files.length).toBeGreaterThan(0);
      expect(stored).toContain(service.tokens.acme.name);
    }
    expect(stored).not.toContain(service.tokens.acme.token);
    expect(JSON.stringify(service.logs)).not.toContain(service.tokens.acme.token);
  });
});

describe('BlendVision development token', () => {
  const spec = BvSpec.load();
  let service: BvService;

  beforeAll(async () => {
    service = await startBvService({ BV_API_TOKENS: '[]' });
  });
  afterAll(() => service.stop());

  it('works for its organization while no API tokens are configured, and the start-up log warns about it', async () => {
    const dev = new BvClient(
      service.baseUrl,
      spec,
      DEVELOPMENT_TOKEN.token,
      DEVELOPMENT_TOKEN.organizationIds[0] ?? '',
    );
    const file = await uploadFile(dev, Buffer.from('dev'), service.partSize);
    expect(file.status).toBe('FILE_STATUS_SUCCEED');
    const other = await dev.request('GET', `${FILES}?type=FILE_TYPE_VIDEO`, { org: 'elsewhere' });
    expect([other.status, rpcCode(other.body)]).toEqual([403, 7]);
    const configured = await dev.request('GET', `${FILES}?type=FILE_TYPE_VIDEO`, {
      token: service.tokens.acme.token,
      org: service.orgs.a,
    });
    expect([configured.status, rpcCode(configured.body)]).toEqual([401, 16]);
    expect(
      service.logs.some(
        (entry) => entry['level'] === 'warn' && String(entry['msg']).includes('development token'),
      ),
    ).toBe(true);
  });
});
