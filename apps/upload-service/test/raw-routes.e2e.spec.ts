import { BvClient, rpcCode } from './blendvision/bv-client';
import { FILES, startUpload } from './blendvision/bv-flow';
import { startBvService, type BvService } from './blendvision/bv-service';
import { BvSpec } from './blendvision/bv-spec';
import { addFile, createSession, errorType, filesUrl } from './fixtures';
import { VsphereClient } from './http-client';
import { VendorSpec } from './vendor-spec';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { POSITION_HEADER } from '@upload-sessions/service-core/read-your-writes/write-tracker';

/**
 * The dialects' raw Fastify routes (vSphere's upload URIs, BlendVision's part and download URLs) sit
 * behind the same read-your-writes hooks and error rendering as their controllers' routes.
 */
describe('raw routes: read-your-writes and error rendering', () => {
  let service: BvService;
  const vsphere = async (): Promise<VsphereClient> => {
    const client = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await client.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(201);
    return client;
  };
  const bv = (): BvClient =>
    new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs.a);
  const reason = (body: unknown): unknown =>
    (body as { details?: { reason?: unknown }[] } | undefined)?.details?.[0]?.reason;
  const put = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...headers } });

  beforeAll(async () => {
    // A generous bound: what is tested is that reads wait, not how fast the projection is on a loaded machine.
    service = await startBvService({ READ_YOUR_WRITES_TIMEOUT_MS: '30000' });
  });
  afterAll(async () => service?.stop());

  it('a vSphere upload answers its position, and a read right after it sees the bytes (waiting for the read models)', async () => {
    const client = await vsphere();
    const session = await createSession(client);
    const file = await addFile(client, session, { name: 'disk.iso', size: 5 });
    const runner = service.app.get(ProjectionRunner);
    runner.pause();
    let answered = false;
    let read: Promise<{ status: number; body: unknown }>;
    let position: string | null;
    try {
      const uploaded = await put(file.upload_endpoint?.uri ?? '', 'hello');
      expect(uploaded.status).toBe(200);
      position = uploaded.headers.get(POSITION_HEADER);
      expect(position).toMatch(/^\d{20}(\/\d{20})?$/);
      // No header: the service remembers what this user wrote last, the upload included.
      read = client.request('GET', `${filesUrl(session)}/disk.iso`).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
    } finally {
      runner.resume();
    }
    const seen = await read;
    expect([seen.status, (seen.body as { status?: string }).status]).toEqual([200, 'READY']);
    const atPosition = await client.request('GET', `${filesUrl(session)}/disk.iso`, {
      headers: { [POSITION_HEADER]: position! },
    });
    expect((atPosition.body as { bytes_transferred?: number }).bytes_transferred).toBe(5);
  });

  it('a BlendVision part PUT answers its position, and a read sending it is answered once the read models have it', async () => {
    const client = bv();
    const upload = await startUpload(client, 10);
    const uploaded = await client.putPart(upload.parts[0]?.presigned_url ?? '', Buffer.from('0123456789'));
    expect(uploaded.status).toBe(200);
    const position = uploaded.headers.get(POSITION_HEADER);
    expect(position).toMatch(/^\d{20}(\/\d{20})?$/);
    const read = await client.request('GET', `${FILES}/${upload.file.id}`, {
      headers: { [POSITION_HEADER]: position! },
    });
    expect(read.status).toBe(200);
    expect(service.app.get(ProjectionRunner).position! >= position!).toBe(true);
  });

  it('renders errors on vSphere upload URIs as vAPI errors', async () => {
    const badName = await put(`${service.baseUrl}/cls/data/not-a-session/x`, 'x');
    expect([badName.status, errorType(await badName.json())]).toEqual([400, 'INVALID_ARGUMENT']);
    const client = await vsphere();
    const session = await createSession(client);
    await addFile(client, session, { name: 'a.iso' });
    const anonymous = await put(`${service.baseUrl}/cls/data/${session}/a.iso`, 'x');
    expect([anonymous.status, errorType(await anonymous.json())]).toEqual([401, 'UNAUTHENTICATED']);
    // The read-your-writes hooks answer before the route does, in the same format.
    const badPosition = await put(`${service.baseUrl}/cls/data/${session}/a.iso`, 'x', {
      [POSITION_HEADER]: 'yesterday',
    });
    expect([badPosition.status, errorType(await badPosition.json())]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('renders errors on BlendVision part and download URLs as google.rpc statuses', async () => {
    const client = bv();
    const upload = await startUpload(client, 10);
    const url = new URL(upload.parts[0]?.presigned_url ?? '');
    url.searchParams.set('signature', 'f'.repeat(64));
    const forged = await client.putPart(url.toString(), Buffer.from('0123456789'));
    expect([forged.status, rpcCode(forged.body), reason(forged.body)]).toEqual([403, 7, 'PART_URL_INVALID']);
    const badPosition = await client.putPart(
      upload.parts[0]?.presigned_url ?? '',
      Buffer.from('0123456789'),
      {
        [POSITION_HEADER]: '42',
      },
    );
    expect([badPosition.status, rpcCode(badPosition.body)]).toEqual([400, 3]);
    const download = await fetch(`${service.baseUrl}/bv/downloads/${upload.file.id}?expires=1&signature=x`);
    const refused = (await download.json()) as unknown;
    expect([download.status, rpcCode(refused), reason(refused)]).toEqual([403, 7, 'DOWNLOAD_URL_INVALID']);
  });
});
