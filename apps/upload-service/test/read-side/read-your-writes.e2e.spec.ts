import { BvClient } from '../blendvision/bv-client';
import { describeEachStore } from '../blendvision/bv-backends';
import { FILES } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { BvSpec } from '../blendvision/bv-spec';
import { createItem, sessionUrl, sessionsUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { POSITION_HEADER } from '@upload-sessions/service-core/read-your-writes/write-tracker';

const metric = async (baseUrl: string, name: string): Promise<number> => {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
};

describeEachStore('read-your-writes over HTTP', (env) => {
  let service: BvService;
  const vsphere = async () => {
    const client = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await client.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(201);
    return client;
  };
  const bv = (org: 'a' | 'b') =>
    new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs[org]);

  beforeAll(async () => {
    // A generous bound: what is tested is that reads wait, not how fast the projection is on a loaded machine.
    service = await startBvService({ ...env, READ_YOUR_WRITES_TIMEOUT_MS: '30000' });
  });
  afterAll(async () => service?.stop());

  it('answers commands with the position they wrote; a query sending it reads at or after it', async () => {
    const client = await vsphere();
    const item = await createItem(client);
    const created = await client.request('POST', sessionsUrl, { json: { library_item_id: item } });
    const position = created.headers.get(POSITION_HEADER);
    expect(position).toMatch(/^\d{20}(\/\d{20})?$/);
    const read = await client.request('GET', sessionUrl(created.body as string), {
      headers: { [POSITION_HEADER]: position! },
    });
    expect(read.status).toBe(200);
    // A read writes nothing: no position on its answer.
    expect(read.headers.get(POSITION_HEADER)).toBeNull();
    const canceled = await client.request('POST', `${sessionUrl(created.body as string)}?action=cancel`);
    expect(canceled.headers.get(POSITION_HEADER)! > position!).toBe(true);
  });

  it('lets concurrent writers of both dialects read their own writes at once, while the projection is behind', async () => {
    // The read models fall behind now and then (the projection paused for a few ms at a time), as
    // they would under load: reads that come in meanwhile must wait for their own writes.
    const runner = service.app.get(ProjectionRunner);
    let toggling = true;
    const toggler = (async () => {
      while (toggling) {
        runner.pause();
        await new Promise((resolve) => setTimeout(resolve, 15));
        runner.resume();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const waitsBefore = await metric(service.baseUrl, 'upload_sessions_read_your_writes_waits_total');
    const vsphereWriter = async (useHeader: boolean) => {
      const client = await vsphere();
      for (let i = 0; i < 4; i++) {
        const item = await createItem(client);
        const created = await client.request('POST', sessionsUrl, { json: { library_item_id: item } });
        expect(created.status).toBe(201);
        const id = created.body as string;
        const at = (r: { headers: Headers }) =>
          useHeader ? { headers: { [POSITION_HEADER]: r.headers.get(POSITION_HEADER)! } } : {};
        const read = await client.request('GET', sessionUrl(id), at(created));
        expect([read.status, (read.body as { state?: string }).state]).toEqual([200, 'ACTIVE']);
        const listed = await client.request('GET', `${sessionsUrl}?library_item_id=${item}`, at(created));
        expect(listed.body).toEqual([id]);
        const canceled = await client.request('POST', `${sessionUrl(id)}?action=cancel`);
        expect(canceled.status).toBe(204);
        const after = await client.request('GET', sessionUrl(id), at(canceled));
        expect((after.body as { state?: string }).state).toBe('CANCELED');
      }
    };
    const bvWriter = async (org: 'a' | 'b', useHeader: boolean) => {
      const client = bv(org);
      for (let i = 0; i < 4; i++) {
        const upload = await client.request('POST', `${FILES}:upload`, {
          json: {
            file: {
              type: 'FILE_TYPE_VIDEO',
              source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
              name: `v-${i}.mp4`,
              size: '100',
            },
          },
        });
        expect(upload.status).toBe(200);
        const body = upload.body as { file: { id: string }; upload_data: { id: string } };
        const at = (r: { headers: Headers }) =>
          useHeader ? { headers: { [POSITION_HEADER]: r.headers.get(POSITION_HEADER)! } } : {};
        const read = await client.request('GET', `${FILES}/${body.file.id}`, at(upload));
        expect([read.status, (read.body as { file?: { status?: string } }).file?.status]).toEqual([
          200,
          'FILE_STATUS_PROGRESSING',
        ]);
        const canceled = await client.request('POST', `${FILES}/${body.file.id}:cancel-upload`, {
          json: { upload_id: body.upload_data.id },
        });
        expect(canceled.status).toBe(200);
        const after = await client.request('GET', `${FILES}/${body.file.id}`, at(canceled));
        expect((after.body as { file?: { status?: string } }).file?.status).toBe('FILE_STATUS_FAILED');
      }
    };
    try {
      await Promise.all([
        vsphereWriter(false),
        vsphereWriter(false),
        vsphereWriter(true),
        bvWriter('a', false),
        bvWriter('b', false),
        bvWriter('a', true),
      ]);
    } finally {
      toggling = false;
      await toggler;
      runner.resume();
    }
    const waits =
      (await metric(service.baseUrl, 'upload_sessions_read_your_writes_waits_total')) - waitsBefore;
    const timeouts = await metric(service.baseUrl, 'upload_sessions_read_your_writes_timeouts_total');
    // Reads did have to wait for the projection (it was behind), and none gave up.
    expect(waits).toBeGreaterThan(0);
    expect(timeouts).toBe(0);
  }, 120_000);

  it('holds a read until the read models have its writer’s last write, then answers it', async () => {
    const runner = service.app.get(ProjectionRunner);
    const client = bv('a');
    runner.pause();
    let answered = false;
    let read: Promise<{ status: number; body: unknown }>;
    try {
      const upload = await client.request('POST', `${FILES}:upload`, {
        json: {
          file: {
            type: 'FILE_TYPE_IMAGE',
            source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
            name: 'held.png',
            size: '10',
          },
        },
      });
      expect(upload.status).toBe(200);
      const fileId = (upload.body as { file: { id: string } }).file.id;
      // Without any header: the service remembers what this API token wrote last.
      read = client.request('GET', `${FILES}/${fileId}`).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
    } finally {
      runner.resume();
    }
    const held = await read;
    expect([held.status, (held.body as { file?: { name?: string } }).file?.name]).toEqual([200, 'held.png']);
  });

  it('refuses a malformed position, in the dialect’s own error format', async () => {
    const client = await vsphere();
    const bad = await client.request('GET', sessionsUrl, { headers: { [POSITION_HEADER]: 'yesterday' } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error_type?: string }).error_type).toBe('INVALID_ARGUMENT');
    const bvBad = await bv('a').request('GET', FILES, { headers: { [POSITION_HEADER]: '42' } });
    expect([bvBad.status, (bvBad.body as { code?: number }).code]).toEqual([400, 3]);
  });
});

describe('read-your-writes: a position the read models do not reach in time', () => {
  let service: BvService;
  beforeAll(async () => {
    service = await startBvService({ READ_YOUR_WRITES_TIMEOUT_MS: '200' });
  });
  afterAll(async () => service?.stop());

  it('answers 503 with Retry-After, in each dialect’s format, once the bound has passed', async () => {
    const far = '00000000009999999999';
    const client = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await client.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(201);
    const vs = await client.request('GET', sessionsUrl, { headers: { [POSITION_HEADER]: far } });
    expect([
      vs.status,
      (vs.body as { error_type?: string }).error_type,
      vs.headers.get('retry-after'),
    ]).toEqual([503, 'SERVICE_UNAVAILABLE', '1']);
    const bvClient = new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs.a);
    const files = await bvClient.request('GET', FILES, { headers: { [POSITION_HEADER]: far } });
    expect([files.status, (files.body as { code?: number }).code]).toEqual([503, 14]);
    expect(await metric(service.baseUrl, 'upload_sessions_read_your_writes_timeouts_total')).toBe(2);
  });
});
