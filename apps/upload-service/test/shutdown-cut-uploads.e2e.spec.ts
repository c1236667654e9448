import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { makeCredentials, startChildService, type ChildService } from './support/service-child';
import { streamingPut } from './http-client';

jest.setTimeout(90_000);

const SESSIONS = '/api/content/library/item/update-session';

/**
 * Uploads still running when the shutdown grace period ends are cut; their clients are told to try
 * again later (503 with Retry-After, in each dialect's format), not that their upload is refused for
 * good (which a 400 NOT_ALLOWED_IN_CURRENT_STATE says). The real process gets SIGTERM.
 */
describe('uploads cut by a shutdown [SQLite]', () => {
  let dataDir: string;
  let service: ChildService | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'shutdown-cut-'));
  });
  afterAll(async () => {
    await service?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After to a vSphere upload and a BlendVision part upload', async () => {
    const credentials = await makeCredentials();
    service = await startChildService(dataDir, credentials, { SHUTDOWN_GRACE_SECONDS: '1' });
    const base = service.baseUrl;
    const basic = Buffer.from(`${credentials.vsphere.username}:${credentials.vsphere.password}`).toString(
      'base64',
    );
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(login.status).toBe(201);
    const vs = {
      'vmware-api-session-id': (await login.json()) as string,
      'content-type': 'application/json',
    };
    const post = async (url: string, body: unknown, headers: Record<string, string>): Promise<unknown> => {
      const response = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect([url, response.status]).toEqual([url, url.startsWith('/bv/') ? 200 : 201]);
      return response.json();
    };
    const library = await post('/api/content/local-library', { name: 'l', type: 'LOCAL' }, vs);
    const item = await post('/api/content/library/item', { library_id: library, name: 'i', type: 'iso' }, vs);
    const session = await post(SESSIONS, { library_item_id: item }, vs);
    const file = (await post(
      `${SESSIONS}/${String(session)}/file`,
      { name: 'a.iso', source_type: 'PUSH', size: 2048 },
      vs,
    )) as {
      upload_endpoint: { uri: string };
    };
    const bv = {
      authorization: `Bearer ${credentials.bv.token}`,
      'x-bv-org-id': credentials.bv.organizationId,
      'content-type': 'application/json',
    };
    const upload = (await post(
      '/bv/cms/v1/library/files:upload',
      {
        file: {
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: 'c.mp4',
          size: '2048',
        },
      },
      bv,
    )) as { upload_data: { parts: { presigned_url: string }[] } };

    // Half of each body, then the stop signal; the rest never comes.
    const vsBody = new PassThrough();
    const bvBody = new PassThrough();
    const vsPut = streamingPut(file.upload_endpoint.uri, vsBody);
    const bvPut = streamingPut(upload.upload_data.parts[0]!.presigned_url, bvBody);
    vsBody.write(Buffer.alloc(1024, 1));
    bvBody.write(Buffer.alloc(1024, 2));
    for (let i = 0; i < 200; i++) {
      const info = await fetch(`${base}${SESSIONS}/${String(session)}/file/a.iso`, { headers: vs });
      if (((await info.json()) as { status?: string }).status === 'TRANSFERRING') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = service.stop();

    const [vsAnswer, bvAnswer] = await Promise.all([vsPut, bvPut]);
    expect('status' in vsAnswer && [vsAnswer.status, vsAnswer.headers['retry-after']]).toEqual([503, '5']);
    expect('status' in vsAnswer && vsAnswer.body).toMatchObject({ error_type: 'SERVICE_UNAVAILABLE' });
    expect('status' in bvAnswer && [bvAnswer.status, bvAnswer.headers['retry-after']]).toEqual([503, '5']);
    expect('status' in bvAnswer && bvAnswer.body).toMatchObject({
      code: 14,
      details: [expect.objectContaining({ reason: 'SERVICE_SHUTTING_DOWN' })],
    });
    expect(await exited).toEqual({ code: 0, signal: null });
  });
});
